"""Failed logins, lockouts, failed second-factor codes and denied access reach the audit
log, with the username typed and the address, never the password or the code."""

import json

import pytest
from django.test import Client

from rinde.accounts.models import Role
from rinde.accounts.second_factor import current_code
from rinde.accounts.tests.factories import PASSWORD, make_device, make_user
from rinde.core.models import AuditEntry

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "clave-equivocada-7731"


def log_in(client, username, password, address="198.51.100.9"):
    return client.post(
        "/panel/ingresar/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def stored_text() -> str:
    return json.dumps(list(AuditEntry.objects.values()), default=str)


def test_a_failed_login_records_the_username_typed_and_the_address(entity):
    make_user(Role.PLANNING, username="planeacion")
    log_in(Client(), "planeacion", WRONG_PASSWORD)
    entry = AuditEntry.objects.get(action="security.login_failed")
    assert entry.changes == {"username": "planeacion"}
    assert entry.ip_address == "198.51.100.9"
    assert entry.actor is None
    assert WRONG_PASSWORD not in stored_text()


def test_an_unknown_username_is_recorded_as_typed(entity):
    log_in(Client(), "nadie-existe", WRONG_PASSWORD)
    assert AuditEntry.objects.get(action="security.login_failed").changes == {
        "username": "nadie-existe"
    }


def test_a_right_password_records_no_failure(entity):
    make_user(Role.CITIZEN, username="ciudadano")
    log_in(Client(), "ciudadano", PASSWORD)
    assert not AuditEntry.objects.filter(action__startswith="security.").exists()


def test_the_lockout_is_recorded(entity, settings):
    make_user(Role.CITIZEN, username="ciudadano")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ciudadano", WRONG_PASSWORD)
    lockout = AuditEntry.objects.filter(action="security.lockout").first()
    assert lockout is not None
    assert lockout.changes == {"username": "ciudadano"}
    assert lockout.ip_address == "198.51.100.9"
    assert WRONG_PASSWORD not in stored_text()


def test_a_wrong_second_factor_code_is_recorded(client, entity):
    officer = make_user(Role.OFFICER, username="enlace")
    device = make_device(officer)
    log_in(client, "enlace", PASSWORD)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    client.post("/panel/verificar/", {"code": wrong})
    entry = AuditEntry.objects.get(action="security.second_factor_failed")
    assert entry.actor == officer
    assert entry.changes == {"step": "verify"}
    assert wrong not in json.dumps(entry.changes)


def test_a_wrong_code_while_enrolling_is_recorded(client, entity):
    make_user(Role.ICT, username="tic")
    log_in(client, "tic", PASSWORD)
    client.get("/panel/segundo-factor/")
    client.post("/panel/segundo-factor/", {"code": "000000"})
    assert AuditEntry.objects.filter(
        action="security.second_factor_failed", changes__step="setup"
    ).exists()


def test_a_staff_page_refused_by_role_is_recorded(staff_client, officer_user):
    response = staff_client(officer_user).get("/panel/auditoria/")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="security.access_denied")
    assert entry.actor == officer_user
    assert entry.changes["path"] == "/panel/auditoria/"
    assert entry.changes["reason"] == "role"


def test_a_citizen_on_a_staff_page_is_recorded(client, citizen_user):
    client.force_login(citizen_user)
    assert client.get("/panel/").status_code == 403
    assert AuditEntry.objects.get(action="security.access_denied").changes["reason"] == "staff"


def test_an_anonymous_visitor_is_sent_to_log_in_without_an_entry(client, db):
    assert client.get("/panel/auditoria/").status_code == 302
    assert not AuditEntry.objects.exists()
