import importlib
import threading

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import RequestFactory

from rinde.core import audit, audit_chain
from rinde.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


def _write(actor, n, target=None):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7")
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(
                audit.record(
                    actor=actor,
                    action=f"test.step{i}",
                    target=target,
                    changes={"valor": [i, i + 1], "nota": "añadido ✓"},
                    request=request,
                )
            )
    return entries


def _verify():
    call_command("verify_audit_chain", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_each_entry_chains_onto_the_previous_one(admin_user, department):
    first, second, third = _write(admin_user, 3, target=department)
    for entry in (first, second, third):
        entry.refresh_from_db()  # hashes as read back from the database
    assert first.previous_hash == audit_chain.GENESIS
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert third.entry_hash == audit_chain.compute_hash(third, second.entry_hash)
    assert AuditChainHead.objects.get(pk=1).last_entry_id == third.pk
    _verify()


def test_editing_an_entry_in_the_database_makes_the_command_fail(admin_user, department):
    entries = _write(admin_user, 4, target=department)
    _verify()
    AuditEntry.objects.filter(pk=entries[1].pk).update(changes={"valor": [0, 999]})
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}:") as raised:
        _verify()
    assert raised.value.returncode == 1


def test_a_recomputed_hash_still_breaks_the_next_link(admin_user):
    """Someone who edits an entry and recomputes its hash is caught at the next entry."""
    entries = _write(admin_user, 3)
    tampered = AuditEntry.objects.get(pk=entries[0].pk)
    tampered.actor_label = "otra-persona"
    tampered.entry_hash = audit_chain.compute_hash(tampered, tampered.previous_hash)
    AuditEntry.objects.filter(pk=tampered.pk).update(
        actor_label=tampered.actor_label, entry_hash=tampered.entry_hash
    )
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}:"):
        _verify()


def test_deleting_an_entry_breaks_the_chain(admin_user):
    entries = _write(admin_user, 3)
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}:"):
        _verify()


def test_deleting_the_last_entry_is_caught_by_the_head(admin_user):
    entries = _write(admin_user, 2)
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    with pytest.raises(CommandError, match="head"):
        _verify()


def test_deleting_the_actor_keeps_the_chain(department):
    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user

    person = make_user(Role.PLANNING, username="se-va")
    _write(person, 2, target=department)
    person.delete()
    assert AuditEntry.objects.filter(actor=None, actor_label="se-va").count() == 2
    _verify()


def test_the_migration_chains_rows_already_there(admin_user, department):
    entries = _write(admin_user, 3, target=department)
    AuditEntry.objects.update(previous_hash="", entry_hash="")
    AuditChainHead.objects.all().delete()
    with pytest.raises(CommandError):
        _verify()
    migration = importlib.import_module("rinde.core.migrations.0005_audit_chain")
    migration.chain_existing_entries(apps, None)
    _verify()
    assert AuditChainHead.objects.get(pk=1).last_entry_id == entries[-1].pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers by itself")
def test_concurrent_transactions_do_not_fork_the_chain(admin_user):
    """Writers in parallel threads, each holding its transaction open a moment after
    recording: they wait on the head row and chain one after the other."""
    start = threading.Barrier(4)
    errors = []

    def writer(k):
        try:
            start.wait()
            for i in range(5):
                with transaction.atomic():
                    audit.record(actor=None, action=f"test.thread{k}.{i}")
                    AuditEntry.objects.count()  # some more work inside the transaction
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEntry.objects.count() == 20
    assert AuditEntry.objects.values("previous_hash").distinct().count() == 20
    _verify()


def test_migrating_chains_the_rows_stored_before_it(admin_user, department):
    """Run the real migration: rows written by the schema before it get their chain."""
    from django.db.migrations.executor import MigrationExecutor

    # Back to before the chain, then forward to core's latest migration (the tests after
    # this one need the whole schema).
    before, after = [("core", "0004_worker_heartbeat")], [("core", "0006_audit_entry_entity")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        OldEntry = old_apps.get_model("core", "AuditEntry")
        OldType = old_apps.get_model("contenttypes", "ContentType")
        kind = OldType.objects.get(app_label="entity", model="department")
        for i in range(3):
            OldEntry.objects.create(
                actor_label="admin",
                action=f"entity.department.update{i}",
                target_type=kind,
                target_id=str(department.pk),
                target_label=department.name,
                changes={"head_name": [f"A{i}", f"B{i}"]},
                ip_address="2001:DB8::1",
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
    _verify()
    with transaction.atomic():
        audit.record(actor=admin_user, action="test.after_migration")
    _verify()
    assert AuditEntry.objects.count() == 4
