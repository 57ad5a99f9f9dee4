"""Creating and editing accounts records role, departments and active, before and after."""

import json

import pytest
from django.test import Client

from rinde.accounts.models import Role, User
from rinde.accounts.tests.factories import make_user
from rinde.accounts.tests.test_invitations import ACCOUNT, _invite, _link_path, sent  # noqa: F401
from rinde.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_accepted_invitation_records_role_departments_and_active(
    staff_client,
    admin_user,
    entity,
    department,
    sent,  # noqa: F811
):
    from django.core import mail

    _invite(staff_client(admin_user), sent, departments=[department.pk])
    invited = AuditEntry.objects.get(action="accounts.invited")
    assert invited.changes["role"] == [None, "officer"]
    assert invited.changes["departments"] == [[], [department.name]]
    Client().post(_link_path(mail.outbox[0]), ACCOUNT)
    accepted = AuditEntry.objects.get(action="accounts.invitation_accepted")
    assert accepted.changes["role"] == [None, "officer"]
    assert accepted.changes["departments"] == [[], [department.name]]
    assert accepted.changes["is_active"] == [None, True]
    assert ACCOUNT["password1"] not in json.dumps(accepted.changes)


def test_a_staff_edit_records_role_departments_and_active_before_and_after(
    staff_client, admin_user, department, other_department
):
    person = make_user(Role.OFFICER, departments=[department], username="enlace")
    response = staff_client(admin_user).post(
        f"/panel/personal/{person.pk}/",
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "position": person.position,
            "role": "planning",
            "departments": [other_department.pk],
            # is_active left out: unchecked, the account is deactivated
        },
    )
    assert response.status_code == 302
    changes = AuditEntry.objects.get(action="accounts.staff_updated").changes
    assert changes["role"] == ["officer", "planning"]
    assert changes["departments"] == [[department.name], [other_department.name]]
    assert changes["is_active"] == [True, False]


def test_a_user_created_in_django_admin_records_the_role_not_the_password_and_joins_the_entity(
    staff_client, admin_user, department
):
    password = "otra-clave-larga-2027"
    response = staff_client(admin_user).post(
        "/panel/admin/accounts/user/add/",
        {
            "username": "nuevo",
            "password1": password,
            "password2": password,
            "usable_password": "true",
            "email": "nuevo@example.org",
            "role": "ict",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="nuevo")
    assert user.memberships.get().role == "ict"  # in this entity, the one admin acts for
    entry = AuditEntry.objects.get(action="accounts.user.create")
    assert entry.changes["role"] == [None, "ict"]
    assert password not in json.dumps(entry.changes)
