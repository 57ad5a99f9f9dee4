import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts.models import Role
from rinde.accounts.second_factor import current_code
from rinde.accounts.tests.factories import PASSWORD, make_device, make_user
from rinde.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def log_in(client, username, password=PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/panel/ingresar/", data)


def test_staff_login_asks_for_the_second_factor(client, entity):
    officer = make_user(Role.OFFICER, username="enlace")
    device = make_device(officer)
    response = log_in(client, "enlace")
    assert response.status_code == 302
    assert response["Location"].startswith("/panel/verificar/")

    # Password alone does not open the staff area.
    assert client.get("/panel/")["Location"].startswith("/panel/verificar/")

    response = client.post("/panel/verificar/", {"code": current_code(device), "next": "/panel/"})
    assert response.status_code == 302
    assert response["Location"] == "/panel/"
    assert client.get("/panel/").status_code == 200
    entry = AuditEntry.objects.get(action="accounts.login")
    assert entry.actor == officer
    assert entry.ip_address == "127.0.0.1"


def test_a_wrong_code_shows_a_spanish_error_and_keeps_the_person_out(client, entity):
    officer = make_user(Role.OFFICER, username="enlace")
    device = make_device(officer)
    log_in(client, "enlace")
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post("/panel/verificar/", {"code": wrong})
    assert response.status_code == 200
    assert "El código no es válido" in response.text
    assert client.get("/panel/").status_code == 302


def test_letters_in_the_code_are_refused_in_spanish(client, entity):
    make_device(make_user(Role.PLANNING, username="planeacion"))
    log_in(client, "planeacion")
    response = client.post("/panel/verificar/", {"code": "12a456"})
    assert "El código solo lleva números." in response.text


def test_first_staff_login_enrols_an_authenticator(client, entity):
    make_user(Role.ICT, username="tic")
    response = log_in(client, "tic")
    response = client.get(response["Location"], follow=True)
    assert response.request["PATH_INFO"] == "/panel/segundo-factor/"
    assert "<svg" in response.text
    device = TOTPDevice.objects.get(user__username="tic", confirmed=False)

    response = client.post("/panel/segundo-factor/", {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/panel/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.second_factor_enrolled").count() == 1


def test_a_wrong_password_shows_a_spanish_error(client, entity):
    make_user(Role.OFFICER, username="enlace")
    response = log_in(client, "enlace", password="no-es-esta")
    assert response.status_code == 200
    assert "El usuario o la contraseña no son correctos" in response.text


def test_repeated_wrong_passwords_lock_the_login(client, entity, settings):
    make_user(Role.OFFICER, username="enlace")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "enlace", password="mala").status_code == 200
    response = log_in(client, "enlace", password="mala")
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.text
    # Even the right password is refused while locked.
    assert log_in(client, "enlace").status_code == 429


def test_a_citizen_logs_in_without_a_second_factor_and_has_no_panel(client, entity):
    make_user(Role.CITIZEN, username="ciudadano")
    response = log_in(client, "ciudadano")
    assert response["Location"] == "/"
    assert client.get("/panel/").status_code == 403


def test_login_never_redirects_to_another_site(client, entity):
    make_user(Role.CITIZEN, username="ciudadano")
    response = log_in(client, "ciudadano", next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_logout_needs_post(client, citizen_user):
    client.force_login(citizen_user)
    assert client.get("/panel/salir/").status_code == 405
    assert client.post("/panel/salir/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_spanish_email_with_a_working_link(client, entity):
    user = make_user(Role.OFFICER, username="enlace", email="enlace@itagui.gov.co")
    response = client.post("/panel/recuperar/", {"email": "enlace@itagui.gov.co"})
    assert response["Location"] == "/panel/recuperar/enviado/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "contraseña" in message.subject.lower()
    link = next(line for line in message.body.splitlines() if "/panel/recuperar/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert "Cree una contraseña nueva" in response.text
    form_path = response.request["PATH_INFO"]
    new = "una-clave-nueva-larga-2026"
    response = client.post(form_path, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/panel/recuperar/listo/"
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_an_unknown_email_says_the_same(client, entity):
    response = client.post("/panel/recuperar/", {"email": "nadie@example.org"})
    assert response["Location"] == "/panel/recuperar/enviado/"
    assert mail.outbox == []


def test_password_reset_is_rate_limited_per_address(client, entity):
    make_user(Role.OFFICER, username="enlace", email="enlace@itagui.gov.co")
    for _ in range(5):
        client.post("/panel/recuperar/", {"email": "enlace@itagui.gov.co"})
    response = client.post("/panel/recuperar/", {"email": "enlace@itagui.gov.co"})
    assert response.status_code == 200
    assert "Recibimos muchos envíos" in response.text
    assert len(mail.outbox) == 5


def test_the_demo_hint_never_shows_a_code_already_used(client, entity):
    officer = make_user(Role.OFFICER, username="enlace")
    device = make_device(officer)
    for _ in range(2):  # two logins within the same 30 seconds
        log_in(client, "enlace")
        response = client.post(
            "/panel/verificar/", {"code": current_code(device), "next": "/panel/"}
        )
        assert response.status_code == 302, response.content[:500]
        device.refresh_from_db()
        client.post("/panel/salir/")


def test_password_reset_with_the_mail_server_down_still_says_sent(client, entity, settings):
    """The message goes through the worker (accounts.tasks.send_password_reset): a mail
    server down never shows the person an error page."""
    settings.MAILERS = {"default": {"BACKEND": "rinde.questions.tests.test_emails.RefusingBackend"}}
    make_user(Role.OFFICER, username="enlace", email="enlace@itagui.gov.co")
    response = client.post("/panel/recuperar/", {"email": "enlace@itagui.gov.co"})
    assert response["Location"] == "/panel/recuperar/enviado/"


def test_a_wrong_password_tells_the_attempts_left_before_the_lockout(client, entity, settings):
    make_user(Role.OFFICER, username="enlace")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = log_in(client, "enlace", password="mala")
    left = settings.AXES_FAILURE_LIMIT - 1
    assert (
        f"Le quedan {left} intentos antes de bloquear la cuenta por {minutes} minutos"
        in response.text
    )
    for _ in range(left - 2):
        log_in(client, "enlace", password="mala")
    response = log_in(client, "enlace", password="mala")
    assert f"Le queda 1 intento antes de bloquear la cuenta por {minutes} minutos" in response.text


def test_a_password_reset_refused_by_the_mail_server_is_retried_later(
    client, entity, settings, monkeypatch
):
    from rinde.core import mail_retry

    retried = []
    monkeypatch.setattr(
        mail_retry, "retry_later", lambda task, *args, **kwargs: retried.append(task.name) or True
    )
    settings.MAILERS = {"default": {"BACKEND": "rinde.questions.tests.test_emails.RefusingBackend"}}
    make_user(Role.OFFICER, username="enlace", email="enlace@itagui.gov.co")
    client.post("/panel/recuperar/", {"email": "enlace@itagui.gov.co"})
    assert retried == ["send_password_reset"]
