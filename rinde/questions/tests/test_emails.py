"""Staff actions owe the asker an e-mail: sent by the worker, never inside the request, so
a mail server down never turns a saved, audited change into an error page (issue 18,
item 5)."""

import smtplib
from datetime import date

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from rinde.core import mail_retry
from rinde.core.models import AuditEntry
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import EmailStatus, QuestionEmail, Status
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def failing_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}


@pytest.fixture
def deferred_retries(monkeypatch):
    """The production worker defers a retry; the tests' immediate backend cannot, so the
    retry is recorded instead of run."""
    calls = []

    def retry_later(task, *args, failures, error):
        calls.append((task.name, args, failures))
        return True

    monkeypatch.setattr(mail_retry, "retry_later", retry_later)
    return calls


@pytest.fixture
def question(entity):
    return make_question(make_exercise(), asker_email="ana@example.org", data_authorized=True)


def test_forwarding_with_the_mail_server_down_saves_and_says_it_will_retry(
    staff_client,
    ict_user,
    question,
    failing_mail,
    deferred_retries,
    django_capture_on_commit_callbacks,
):
    client = staff_client(ict_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/panel/preguntas/{question.pk}/forward/", {"authority": "Gobernación de Antioquia"}
        )
    assert response.status_code == 302
    assert response.url.startswith(f"/panel/preguntas/{question.pk}/")
    question.refresh_from_db()
    assert question.status == Status.FORWARDED
    assert AuditEntry.objects.filter(action="questions.forward").count() == 1
    email = QuestionEmail.objects.get(question=question)
    assert (email.status, email.failures) == (EmailStatus.RETRYING, 1)
    assert "SMTPServerDisconnected" in email.error
    assert len(deferred_retries) == 1
    page = client.get(f"/panel/preguntas/{question.pk}/")
    assert "falló, se reintentará" in page.text


def test_extending_with_the_mail_server_down_still_confirms(
    staff_client,
    planning_user,
    question,
    department,
    failing_mail,
    deferred_retries,
    time_machine,
    django_capture_on_commit_callbacks,
):
    services.classify_question(
        question, actor=planning_user, department=department, kind="general", topic="Vías"
    )
    client = staff_client(planning_user)
    time_machine.move_to("2024-01-05 10:00 -05:00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/panel/preguntas/{question.pk}/extend/",
            {"new_due_on": "2024-01-31", "reason": "Hay que pedir datos a la Gobernación."},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_due_on == date(2024, 1, 31)
    assert QuestionEmail.objects.get(question=question).status == EmailStatus.RETRYING


def test_merging_with_the_mail_server_down_saves_and_says_it_will_retry(
    staff_client,
    ict_user,
    question,
    failing_mail,
    deferred_retries,
    django_capture_on_commit_callbacks,
):
    duplicate = make_question(question.exercise, asker_email="luis@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client(ict_user).post(
            f"/panel/preguntas/{duplicate.pk}/merge/", {"into": question.tracking_code}
        )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED
    assert QuestionEmail.objects.get(question=duplicate).status == EmailStatus.RETRYING


def test_a_sent_email_says_so_and_the_retries_spent_say_failed(
    staff_client, ict_user, question, settings, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.forward_question(question, actor=ict_user, authority="Gobernación")
    email = QuestionEmail.objects.get(question=question)
    assert email.status == EmailStatus.SENT and email.sent_at is not None
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "correo enviado" in staff_client(ict_user).get(f"/panel/preguntas/{question.pk}/").text

    # The immediate backend cannot defer a retry: the failure is final and said so.
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    other = make_question(question.exercise, asker_email="luis@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.forward_question(other, actor=ict_user, authority="Gobernación")
    assert QuestionEmail.objects.get(question=other).status == EmailStatus.FAILED


def test_no_address_no_email_row(ict_user, entity, django_capture_on_commit_callbacks):
    anonymous = make_question(make_exercise(), asker_email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.forward_question(anonymous, actor=ict_user, authority="Gobernación")
    assert not QuestionEmail.objects.exists()
