"""The task worker killed mid-batch (SIGKILL) on `make deploy-local`: started again, it
resumes by itself and each piece of work is done exactly once, with no button pressed.

The worker sends to an SMTP server this test runs (rinde/outreach/tests/smtp_sink.py),
which stops answering at a chosen message: the worker is then stuck in the middle of an
SMTP conversation, and the kill lands there, the worst place, every time."""

import json
import os
import signal
import subprocess
import time
import uuid

import psycopg
import pytest

from rinde.outreach.tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.deploy

RECIPIENTS = 300


def shell(deploy_local, code: str) -> dict:
    """Run Python in `manage.py shell` against the stack; it prints one JSON line last."""
    done = subprocess.run(  # noqa: S603 - our own command line
        [str(deploy_local.PYTHON), "manage.py", "shell", "--no-imports", "-c", code],
        cwd=deploy_local.ROOT,
        env=deploy_local.environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def query(deploy_local, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(deploy_local.DATABASE_URL, autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def start_worker(deploy_local, sink: SmtpSink | None) -> int:
    """The stack's worker, sending its e-mail to `sink` (None: as the stack configures it)."""
    deploy_local.stop_process("worker")
    if sink is None:
        return deploy_local.start_worker()
    return deploy_local.spawn(
        "worker",
        [str(deploy_local.PYTHON), "manage.py", "db_worker", "--worker-id", "deploy-local"],
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": "60",  # the kill, not a timeout, ends the stuck conversation
            # The stack's sender names its two host names ("127.0.0.1 localhost"): an
            # address an SMTP client refuses to write.
            "DEFAULT_FROM_EMAIL": "Rinde <no-responder@localhost>",
        },
    )


def kill_worker(deploy_local) -> None:
    pid = deploy_local.processes()["worker"]
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while deploy_local.processes()["worker"] == pid and time.monotonic() < deadline:
        time.sleep(0.05)
    assert deploy_local.processes()["worker"] != pid


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds:.0f} s: {what}")


@pytest.fixture
def worker_mailing_to(deploy_local):
    """Start the stack's worker against a sink; afterwards, the worker as it was."""
    sinks = []

    def start(**options) -> SmtpSink:
        sink = SmtpSink(**options).start()
        sinks.append(sink)
        start_worker(deploy_local, sink)
        return sink

    yield start
    start_worker(deploy_local, None)
    for sink in sinks:
        sink.stop()


def test_a_bulletin_resumes_after_the_worker_is_killed_and_reaches_everyone_once(
    deploy_local, worker_mailing_to
):
    domain = f"fw-{uuid.uuid4().hex[:10]}.invalid"
    # The worker is killed while it talks to the server about the 120th message.
    sink = worker_mailing_to(stall_at=120)
    created = shell(
        deploy_local,
        f"""
import json
from django.db import transaction
from rinde.outreach import bulletins
from rinde.outreach.models import Bulletin, MediaContact, MediaList
with transaction.atomic():
    contacts = MediaContact.objects.bulk_create(
        MediaContact(outlet=f"Medio {{i}}", scope="local", medium="radio",
                     email=f"prensa{{i}}@{domain}")
        for i in range({RECIPIENTS})
    )
    media_list = MediaList.objects.create(name="Prueba {domain}")
    media_list.contacts.set(contacts)
    bulletin = Bulletin.objects.create(title="Prueba", slug="{domain}".replace(".", "-"),
                                       lead="Prueba", body="<p>Prueba</p>")
    bulletins.publish(bulletin, actor=None)
queued = bulletins.queue_sending(bulletin, lists=[media_list], actor=None)
print(json.dumps({{"bulletin": bulletin.pk, "queued": queued}}))
""",
    )
    assert created["queued"] == RECIPIENTS
    bulletin = created["bulletin"]
    assert sink.stalled.wait(60), "the worker never reached the 120th message"
    kill_worker(deploy_local)
    received_before_restart = sink.count(domain)[0]
    assert 100 <= received_before_restart < RECIPIENTS  # really mid-batch

    start_worker(deploy_local, sink)  # as systemd's Restart=on-failure does; no button

    def statuses():
        rows = dict(
            query(
                deploy_local,
                "SELECT status, count(*) FROM outreach_delivery WHERE bulletin_id = %s "
                "GROUP BY status",
                [bulletin],
            )
        )
        return rows if set(rows) <= {"sent", "failed", "unconfirmed"} else None

    final = wait_for(statuses, 90, "every delivery final")
    assert final == {"sent": RECIPIENTS}
    messages, addresses = sink.count(domain)
    assert (messages, addresses) == (RECIPIENTS, RECIPIENTS)  # everyone, exactly once
    # The killed task itself ran again (attempt 2), by itself, and finished. The task marks
    # itself done just after its last delivery: wait for that before reading it.

    def finished_runs():
        runs = query(
            deploy_local,
            "SELECT status, jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'rinde.outreach.tasks.send_bulletin' "
            "AND args_kwargs->'args' = %s::jsonb ORDER BY enqueued_at",
            [json.dumps([bulletin])],
        )
        return runs if all(status != "RUNNING" for status, _ in runs) else None

    runs = wait_for(finished_runs, 30, "the bulletin's task finished")
    assert runs[0] == ("SUCCESSFUL", 2)
    assert {status for status, _ in runs} == {"SUCCESSFUL"}


def test_the_daily_digest_resumes_after_the_worker_is_killed_and_goes_once(
    deploy_local, worker_mailing_to
):
    sink = worker_mailing_to(stall_at=1)  # killed while handing over the first digest
    shell(
        deploy_local,
        """
import json
from django.utils import timezone
from rinde.accounts import tasks
from rinde.accounts.models import TodoDigest
# Today's to-do e-mails anew, so this run has some to send (an earlier run sent them).
TodoDigest.objects.filter(day=timezone.localdate()).delete()
tasks.send_todo_digests.enqueue()
print(json.dumps({}))
""",
    )
    assert sink.stalled.wait(60), "the worker never started sending the digest"
    kill_worker(deploy_local)
    assert sink.messages == []

    start_worker(deploy_local, sink)

    def finished():
        rows = query(
            deploy_local,
            "SELECT status, jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'rinde.accounts.tasks.send_todo_digests' "
            "ORDER BY enqueued_at DESC LIMIT 1",
        )
        return rows[0] if rows and rows[0][0] in ("SUCCESSFUL", "FAILED") else None

    assert wait_for(finished, 60, "the digest task finished") == ("SUCCESSFUL", 2)
    logged = shell(
        deploy_local,
        """
import json
from django.utils import timezone
from rinde.accounts.models import TodoDigest
print(json.dumps({"digests": TodoDigest.objects.filter(day=timezone.localdate()).count()}))
""",
    )["digests"]
    assert logged >= 1
    # One message per digest logged: none lost to the kill, none sent twice.
    assert len(sink.messages) == logged
    assert len(set(sink.messages)) == logged
