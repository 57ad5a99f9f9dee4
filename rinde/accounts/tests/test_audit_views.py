import pytest
from django.db import transaction

from rinde.core import audit
from rinde.core.models import AuditEntry
from rinde.entity.models import Department

pytestmark = pytest.mark.django_db


def make_entries(actor, department, n):
    with transaction.atomic():
        for i in range(n):
            audit.record(actor=actor, action=f"entity.department.update{i % 2}", target=department)


def test_the_audit_list_filters_by_action_and_user(staff_client, admin_user, department):
    make_entries(admin_user, department, 4)
    client = staff_client(admin_user)
    response = client.get("/panel/auditoria/", {"action": "update1"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    response = client.get("/panel/auditoria/", {"actor": "nadie"})
    assert "No hay registros con esos filtros." in response.text


def test_an_inverted_date_range_is_explained(staff_client, admin_user):
    response = staff_client(admin_user).get(
        "/panel/auditoria/", {"since": "2024-02-01", "until": "2024-01-01"}
    )
    assert "posterior a la fecha" in response.text


def test_the_audit_list_query_count_does_not_grow(
    staff_client, admin_user, department, entity, django_assert_num_queries
):
    client = staff_client(admin_user)
    make_entries(admin_user, department, 3)
    client.get("/panel/auditoria/")  # warm the session and content types
    # session, user, second-factor device, kinds, object types, count, page (the entity
    # is cached)
    with django_assert_num_queries(7) as few:
        client.get("/panel/auditoria/")
    make_entries(admin_user, department, 60)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/panel/auditoria/")
    assert len(response.context["page"].object_list) == 50


def test_admin_changes_are_audited(staff_client, admin_user, department):
    client = staff_client(admin_user)
    response = client.post(
        f"/panel/admin/entity/department/{department.pk}/change/",
        {
            "name": department.name,
            "code": department.code,
            "kind": "secretaria",
            "head_name": "Nueva Jefa",
            "head_title": "Secretaria",
            "email": "",
            "phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.get(action="entity.department.update")
    assert entry.actor == admin_user
    assert entry.changes["head_name"] == ["", "Nueva Jefa"]
    assert Department.objects.get(pk=department.pk).head_name == "Nueva Jefa"


def _mixed_entries(admin_user, department, other_department):
    with transaction.atomic():
        audit.record(
            actor=admin_user,
            action="entity.department.update",
            target=department,
            changes={"head_name": ["Ana", "Luis"]},
        )
        audit.record(actor=admin_user, action="entity.department.update", target=other_department)
        audit.record(actor=None, action="security.login_failed", changes={"username": "x"})


def test_the_audit_list_filters_by_kind_object_and_type(
    staff_client, admin_user, department, other_department
):
    from django.contrib.contenttypes.models import ContentType

    _mixed_entries(admin_user, department, other_department)
    client = staff_client(admin_user)

    def count(**params):
        response = client.get("/panel/auditoria/", params)
        assert response.status_code == 200
        return response.context["page"].paginator.count

    everything = AuditEntry.objects.count()
    assert count(kind="security") == 1
    assert count(kind="entity") == 2
    assert count(target=str(other_department.pk)) == 1
    assert count(target=department.name) == 1
    dep_type = ContentType.objects.get_for_model(Department)
    assert count(target_type=dep_type.pk) == 2
    assert count(actor="admin") == everything - 1


def test_the_list_shows_before_and_after(staff_client, admin_user, department, other_department):
    _mixed_entries(admin_user, department, other_department)
    response = staff_client(admin_user).get("/panel/auditoria/", {"kind": "entity"})
    assert "<del>Ana</del> → <ins>Luis</ins>" in response.text


def test_the_filtered_list_exports_as_csv_and_the_export_is_audited(
    staff_client, admin_user, department, other_department
):
    import csv
    import io

    _mixed_entries(admin_user, department, other_department)
    response = staff_client(admin_user).get(
        "/panel/auditoria/", {"kind": "entity", "formato": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 2  # header and the two entity entries, not the login
    assert {r[2] for r in rows[1:]} == {"entity.department.update"}
    assert any('"head_name": ["Ana", "Luis"]' in r[6] for r in rows[1:])
    export = AuditEntry.objects.get(action="core.audit.export")
    assert export.changes == {"format": "csv", "filters": {"kind": "entity"}}


def test_the_filtered_list_exports_as_xlsx(staff_client, admin_user, department, other_department):
    import io

    from openpyxl import load_workbook

    _mixed_entries(admin_user, department, other_department)
    response = staff_client(admin_user).get(
        "/panel/auditoria/", {"kind": "security", "formato": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == "security.login_failed"
