import pytest
from django.db import transaction
from django.test import RequestFactory

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.core import audit
from rinde.core.models import AuditEntry
from rinde.entity.models import Department

pytestmark = pytest.mark.django_db(transaction=True)


def test_record_refuses_to_write_outside_a_transaction(department):
    with pytest.raises(audit.AuditOutsideTransactionError):
        audit.record(actor=None, action="entity.department.update", target=department)
    assert AuditEntry.objects.count() == 0


def test_record_writes_who_what_which_and_where(admin_user, department):
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    with transaction.atomic():
        entry = audit.record(
            actor=admin_user,
            action="entity.department.update",
            target=department,
            changes={"head_name": ["Ana", "Luis"]},
            request=request,
        )
    entry.refresh_from_db()
    assert entry.actor == admin_user
    assert entry.actor_label == "admin"
    assert entry.target_label == department.name
    assert entry.target_id == str(department.pk)
    assert entry.changes == {"head_name": ["Ana", "Luis"]}
    assert entry.ip_address == "10.1.2.3"


def test_the_entry_rolls_back_with_the_change(entity, admin_user):
    with pytest.raises(RuntimeError), transaction.atomic():
        dep = Department.objects.create(name="Secretaría Fallida", code="fallida")
        audit.record(actor=admin_user, action="entity.department.create", target=dep)
        raise RuntimeError("the change failed")
    assert AuditEntry.objects.count() == 0
    assert not Department.objects.filter(code="fallida").exists()


def test_only_trusted_proxy_hops_are_read(settings, admin_user, department):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 181.50.1.2"
    )
    with transaction.atomic():
        entry = audit.record(actor=admin_user, action="x", target=department, request=request)
    assert entry.ip_address == "181.50.1.2"


def test_changes_with_objects_are_stored_as_text(admin_user, department):
    with transaction.atomic():
        entry = audit.record(
            actor=make_user(Role.ADMIN),
            action="accounts.user.update",
            target=admin_user,
            changes={"departments": [[], Department.objects.all()]},
        )
    entry.refresh_from_db()
    assert entry.changes == {"departments": [[], [department.name]]}


def test_a_file_change_is_recorded_by_its_name_even_from_no_file():
    """An empty FieldFile (an entity with no logo yet) raised ValueError when the log read
    its url; the entity's service had to work around it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rinde.core.audit import _jsonable
    from rinde.entity.models import Entity

    empty = Entity().logo
    assert _jsonable([empty, SimpleUploadedFile("escudo.png", b"x")]) == ["", "escudo.png"]
