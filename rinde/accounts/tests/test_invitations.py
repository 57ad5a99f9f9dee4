"""Staff join by invitation (role and departments set by the administrator, password and
second factor by themselves); an empty installation gets its first administrator."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts import invitations, second_factor
from rinde.accounts.models import Invitation, Role, User
from rinde.accounts.tests.factories import make_user
from rinde.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "username": "lmejia",
    "first_name": "Lucía",
    "last_name": "Mejía",
    "position": "Profesional universitaria",
    "password1": "una-clave-larga-2027",
    "password2": "una-clave-larga-2027",
}


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """The e-mail goes once the invitation is committed: run those callbacks."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _invite(client, sent, **data):
    with sent():
        response = client.post(
            "/panel/personal/",
            {"email": "Lucia@Example.org", "role": "officer", "position": "Enlace", **data},
        )
    assert response.status_code == 302, response.context["form"].errors
    return Invitation.objects.latest("created_at")


def _link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/panel/invitacion/\S+/)", message.body).group(1)


def test_an_invited_officer_joins_with_their_role_departments_and_second_factor(
    client, staff_client, admin_user, entity, department, other_department, sent
):
    invitation = _invite(staff_client(admin_user), sent, departments=[department.pk])
    assert invitation.email == "lucia@example.org"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lucia@example.org"]
    path = _link_path(mail.outbox[0])

    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Enlace de dependencia" in page.text
    response = client.post(path, ACCOUNT)
    assert response.status_code == 302 and response["Location"] == "/panel/segundo-factor/"
    user = User.objects.get(username="lmejia")
    assert user.email == "lucia@example.org"
    membership = user.memberships.get()
    assert membership.entity == entity and membership.role == Role.OFFICER
    assert list(membership.departments.all()) == [department]
    assert user.check_password("una-clave-larga-2027")

    # Logged in but not verified: the panel asks for the second factor first.
    assert client.get("/panel/").status_code == 302
    client.get("/panel/segundo-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = second_factor.current_code(device)
    response = client.post("/panel/segundo-factor/", {"code": code})
    assert response.status_code == 302
    assert client.get("/panel/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.invitation_accepted").count() == 1

    # The link works once.
    client.logout()
    assert client.get(path).status_code == 404


def test_an_officer_invitation_needs_a_department(staff_client, admin_user, entity):
    response = staff_client(admin_user).post(
        "/panel/personal/", {"email": "x@example.org", "role": "officer"}
    )
    assert response.status_code == 200 and "departments" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_the_invitation_cannot_be_tampered_or_reused_after_resend_or_revoke(
    client, staff_client, admin_user, entity, sent
):
    admin = staff_client(admin_user)
    invitation = _invite(admin, sent, role="planning")
    first_path = _link_path(mail.outbox[0])
    # Another id in the payload, or a different signature, is refused.
    assert client.get(first_path[:-3] + "xx/").status_code == 404

    with sent():
        response = admin.post(f"/panel/personal/invitaciones/{invitation.pk}/reenviar/")
    assert response.status_code == 302
    second_path = _link_path(mail.outbox[1])
    assert client.get(first_path).status_code == 404  # the new nonce voids the old link
    assert client.get(second_path).status_code == 200

    assert admin.post(f"/panel/personal/invitaciones/{invitation.pk}/anular/").status_code == 302
    assert client.get(second_path).status_code == 404
    assert client.post(second_path, ACCOUNT).status_code == 404
    assert not User.objects.filter(username="lmejia").exists()


def test_an_expired_invitation_is_refused(client, staff_client, admin_user, entity, sent):
    invitation = _invite(staff_client(admin_user), sent, role="communications")
    path = _link_path(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(path).status_code == 404


def test_the_administrator_changes_a_role_and_cannot_demote_themselves(
    staff_client, admin_user, entity, department
):
    client = staff_client(admin_user)
    person = make_user(Role.PLANNING)
    response = client.post(
        f"/panel/personal/{person.pk}/",
        {
            "first_name": "Ana",
            "last_name": "Ríos",
            "role": "officer",
            "departments": [department.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    membership = person.memberships.get()
    assert membership.role == Role.OFFICER and list(membership.departments.all()) == [department]
    assert AuditEntry.objects.filter(action="accounts.staff_updated", target_id=str(person.pk))

    response = client.post(
        f"/panel/personal/{admin_user.pk}/",
        {"first_name": "", "last_name": "", "role": "planning", "is_active": "on"},
    )
    assert response.status_code == 200
    assert admin_user.memberships.get().role == Role.ADMIN


def test_an_officer_keeps_at_least_one_department(staff_client, admin_user, entity, department):
    person = make_user(Role.OFFICER, departments=[department])
    response = staff_client(admin_user).post(
        f"/panel/personal/{person.pk}/",
        {"first_name": "", "last_name": "", "role": "officer", "is_active": "on"},
    )
    assert response.status_code == 200 and "departments" in response.context["form"].errors
    assert list(person.memberships.get().departments.all()) == [department]


def test_the_staff_page_shows_who_lacks_the_second_factor(staff_client, admin_user, entity):
    make_user(Role.ICT, username="sinfactor")
    page = staff_client(admin_user).get("/panel/personal/")
    row = next(r for r in page.text.split("<tr>") if "sinfactor" in r)
    assert "sin activar" in row


# The first run


def test_an_empty_installation_creates_its_first_administrator_with_the_server_code(client, caplog):
    login_page = client.get("/panel/ingresar/")
    assert "/panel/primer-administrador/" in login_page.text
    with caplog.at_level("WARNING", logger="rinde.accounts.invitations"):
        assert client.get("/panel/primer-administrador/").status_code == 200
    code = invitations.first_admin_code()
    assert code in caplog.text

    data = {**ACCOUNT, "email": "admin@example.org"}
    wrong = client.post("/panel/primer-administrador/", {**data, "code": "000000000000"})
    assert wrong.status_code == 200 and not User.objects.exists()
    response = client.post("/panel/primer-administrador/", {**data, "code": code})
    assert response["Location"] == "/panel/segundo-factor/"
    admin = User.objects.get()
    assert admin.role == Role.ADMIN

    # After the second factor the administrator lands on the first-run checklist.
    client.get("/panel/segundo-factor/")
    device = TOTPDevice.objects.get(user=admin)
    client.post("/panel/segundo-factor/", {"code": second_factor.current_code(device)})
    response = client.get("/panel/")
    assert response.status_code == 302 and response["Location"] == "/panel/primer-uso/"
    checklist = client.get("/panel/primer-uso/")
    assert [s.done for s in checklist.context["steps"]] == [False] * 6

    # Closed for good once there is an administrator.
    client.logout()
    assert client.get("/panel/primer-administrador/").status_code == 302
    assert client.post("/panel/primer-administrador/", {**data, "code": code}).status_code == 302
    assert User.objects.count() == 1
    assert "/panel/primer-administrador/" not in client.get("/panel/ingresar/").text


def test_once_the_entity_exists_the_panel_opens_normally(staff_client, admin_user, entity):
    assert staff_client(admin_user).get("/panel/").status_code == 200


def test_guessing_the_first_run_code_is_rate_limited(client):
    data = {**ACCOUNT, "email": "admin@example.org", "code": "000000000000"}
    for _ in range(10):
        client.post("/panel/primer-administrador/", data)
    right = {**data, "code": invitations.first_admin_code()}
    response = client.post("/panel/primer-administrador/", right)
    assert response.status_code == 200 and not User.objects.exists()
    assert "Espere unos minutos" in response.text
