import pytest
from django.core.management import call_command

from rinde.accounts.models import Role, User
from rinde.accounts.tests.factories import login_verified
from rinde.entity.models import Department, Entity

pytestmark = pytest.mark.django_db


def counts():
    return Entity.objects.count(), Department.objects.count(), User.objects.count()


def test_loading_the_demo_twice_duplicates_nothing(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first[0] == 1
    out = capsys.readouterr().out
    assert "itagui-2023-demo" in out


def test_the_demo_has_one_account_per_role_that_opens_its_area(client):
    call_command("load_demo", "--quiet-accounts")
    assert {u.role for u in User.objects.all()} == set(Role)
    assert Entity.objects.get().name == "Alcaldía de Itagüí"
    for user in User.objects.exclude(role=Role.CITIZEN):
        login_verified(client, user)
        assert client.get("/panel/").status_code == 200, user.username
        expected = 200 if user.role == Role.ADMIN else 403
        assert client.get("/panel/auditoria/").status_code == expected, user.username
        client.logout()
    officer = User.objects.get(username="enlace")
    assert set(officer.memberships.get().departments.values_list("code", flat=True)) == {
        "infraestructura",
        "movilidad",
    }
