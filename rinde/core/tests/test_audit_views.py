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
    # session, user, second-factor device, count, page (the entity is cached)
    with django_assert_num_queries(5) as few:
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
