import pytest

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_device, make_user

pytestmark = pytest.mark.django_db

ADMIN_ONLY = ["/panel/auditoria/", "/panel/admin/"]


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/panel/")
    assert response.status_code == 302
    assert response["Location"].startswith("/panel/ingresar/?next=/panel/")


@pytest.mark.parametrize(
    "role", [Role.ICT, Role.COMMUNICATIONS, Role.PLANNING, Role.OFFICER, Role.OVERSIGHT]
)
def test_each_staff_role_sees_its_panel_without_administrator_entries(role, staff_client, entity):
    client = staff_client(make_user(role))
    response = client.get("/panel/")
    assert response.status_code == 200
    assert "Registro de auditoría" not in response.text
    for path in ADMIN_ONLY:
        assert client.get(path).status_code in (302, 403), path
    assert client.get("/panel/auditoria/").status_code == 403


def test_the_administrator_sees_every_entry(staff_client, admin_user, entity):
    client = staff_client(admin_user)
    response = client.get("/panel/")
    assert "Registro de auditoría" in response.text
    assert "Usuarios y roles" in response.text
    assert client.get("/panel/auditoria/").status_code == 200
    assert client.get("/panel/admin/").status_code == 200


def test_django_admin_needs_the_second_factor(client, admin_user, entity):
    make_device(admin_user)
    client.force_login(admin_user)
    response = client.get("/panel/admin/", follow=True)
    assert response.request["PATH_INFO"] == "/panel/verificar/"


def test_officer_panel_lists_their_departments(staff_client, officer_user, department):
    response = staff_client(officer_user).get("/panel/")
    assert department.name in response.text


def test_staff_views_all_go_through_the_one_permission_check():
    """Every URL under /panel/ (but Django admin and the login steps) is a staff_view."""
    from django.urls import get_resolver

    open_names = {
        "login",
        "verify",
        "setup",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "invitation",
        "first_admin",
    }
    unchecked = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if hasattr(p, "url_patterns"):
                if "admin" in route:
                    continue
                walk(p.url_patterns, route)
            elif (
                route.startswith("panel/")
                and p.name not in open_names
                and not hasattr(p.callback, "staff_roles")
            ):
                unchecked.append(route)

    walk(get_resolver().url_patterns)
    assert unchecked == []
