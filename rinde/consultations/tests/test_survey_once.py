"""One answer per browser (signed cookie and single-use form token) and, when the survey
asks for it, one counted answer per confirmed e-mail."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from rinde.consultations import services
from rinde.consultations.models import SurveyResponse
from rinde.consultations.tests.test_survey import answer
from rinde.consultations.tests.test_survey import survey as survey  # noqa: F401 (fixture)
from rinde.core.antispam import sign_start, spend_form_token

pytestmark = pytest.mark.django_db


def test_a_replayed_answer_without_the_cookie_is_refused(survey):
    started = sign_start(time.time() - 30)
    assert answer(Client(), survey, started=started).status_code == 303
    # The same post from a browser without the cookie (a script replaying it): refused.
    replay = answer(Client(), survey, started=started, other_text="Alumbrado público")
    assert replay.status_code == 400
    assert "Este formulario ya se había enviado" in replay.text
    assert "Alumbrado público" in replay.text  # what the person typed stays
    assert replay.context["form"]["started"].value() != started
    assert SurveyResponse.objects.count() == 1


def test_five_replays_from_one_address_count_once(survey):
    started = sign_start(time.time() - 30)
    statuses = [
        answer(Client(REMOTE_ADDR="10.6.6.6"), survey, started=started).status_code
        for _ in range(5)
    ]
    assert statuses == [303, 400, 400, 400, 400]
    assert SurveyResponse.objects.count() == 1


def test_a_failed_answer_does_not_spend_its_token(survey, citizen_user):
    first = Client()
    first.force_login(citizen_user)
    assert answer(first, survey).status_code == 303
    other_browser = Client()
    other_browser.force_login(citizen_user)
    started = sign_start(time.time() - 30)
    # Refused inside the transaction (one answer per account): the token is rolled back.
    refused = answer(other_browser, survey, started=started)
    assert "Usted ya respondió esta encuesta con su cuenta." in refused.text
    with transaction.atomic():
        spend_form_token(started)  # still unspent: raises nothing


@pytest.fixture
def verified_survey(survey):
    survey.requires_verified_email = True
    survey.save()
    return survey


@pytest.fixture
def answer_by_email(django_capture_on_commit_callbacks):
    """Answer from a new browser; the link's e-mail, enqueued after the commit, is sent."""

    def post(survey, email="ana@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            return answer(Client(), survey, email=email, email_authorized="on")

    return post


def confirm_path(message) -> str:
    return re.search(r"http://[^/\s]+(/rendicion/2023/encuesta/confirmar/[^\s]+/)", message.body)[1]


def test_an_answer_counts_only_once_its_email_is_confirmed(verified_survey, answer_by_email):
    response = answer_by_email(verified_survey)
    assert response.status_code == 303
    stored = SurveyResponse.objects.get()
    assert stored.confirmed_at is None
    assert services.results(verified_survey)["total"] == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]

    path = confirm_path(mail.outbox[0])
    page = Client().get(path)  # a mail scanner opening the link confirms nothing
    assert "Confirmar mi respuesta" in page.text
    assert SurveyResponse.objects.get().confirmed_at is None

    done = Client().post(path)
    assert "Listo: su respuesta cuenta" in done.text
    stored.refresh_from_db()
    assert stored.confirmed_at is not None
    assert stored.email == ""  # kept only to send the link
    assert stored.email_authorization_version == "encuesta-correo-v1"
    assert services.results(verified_survey)["total"] == 1

    again = Client().post(path)
    assert "ya estaba confirmada" in again.text


def test_one_confirmed_answer_per_email(verified_survey, answer_by_email):
    answer_by_email(verified_survey, "ana@example.org")
    assert "Listo" in Client().post(confirm_path(mail.outbox[0])).text
    # No link is pending any more: a new answer gets its own, which cannot count.
    answer_by_email(verified_survey, " Ana@Example.ORG")
    assert SurveyResponse.objects.count() == 2
    refused = Client().post(confirm_path(mail.outbox[1]))
    assert refused.status_code == 409
    assert "Ya había una respuesta confirmada con este correo" in refused.text
    assert services.results(verified_survey)["total"] == 1


def test_the_survey_asks_for_the_email_and_its_authorization(verified_survey):
    response = answer(Client(), verified_survey)
    assert response.status_code == 400
    assert "Escriba su correo para confirmar su respuesta." in response.text
    response = answer(Client(), verified_survey, email="ana@example.org")
    assert "Sin esta autorización" in response.text
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize("token", ["basura", "1:abc:def"])
def test_a_forged_confirmation_link_is_refused_in_spanish(verified_survey, token):
    response = Client().post(f"/rendicion/2023/encuesta/confirmar/{token}/")
    assert response.status_code == 400
    assert "El enlace no es válido o venció" in response.text


def test_a_link_older_than_a_week_is_refused_and_its_answer_purged(
    verified_survey, answer_by_email
):
    answer_by_email(verified_survey)
    path = confirm_path(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert Client().post(path).status_code == 400
        call_command("housekeeping", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SurveyResponse.objects.count() == 0


def test_answers_without_email_count_at_once(survey):
    answer(Client(), survey)
    assert services.results(survey)["total"] == 1
    assert mail.outbox == []


PENDING = "Ya le enviamos un enlace a ese correo; revise su bandeja"


def test_it_sends_no_second_link_while_one_is_pending_for_that_address(
    verified_survey, answer_by_email
):
    assert answer_by_email(verified_survey, "ana@example.org").status_code == 303
    again = answer_by_email(verified_survey, " Ana@Example.ORG")
    assert again.status_code == 400 and PENDING in again.text
    assert len(mail.outbox) == 1 and SurveyResponse.objects.count() == 1
    # Another address is mailed as usual; the first gets a new link once its own expired.
    assert answer_by_email(verified_survey, "beto@example.org").status_code == 303
    assert len(mail.outbox) == 2
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        verified_survey.closes_at = timezone.now() + timedelta(days=1)
        verified_survey.save()
        assert answer_by_email(verified_survey, "ana@example.org").status_code == 303
    assert len(mail.outbox) == 3


def test_a_refused_second_link_leaves_the_form_token_unspent(verified_survey, answer_by_email):
    answer_by_email(verified_survey, "ana@example.org")
    started = sign_start(time.time() - 30)
    refused = answer(
        Client(), verified_survey, started=started, email="ana@example.org", email_authorized="on"
    )
    assert PENDING in refused.text
    with transaction.atomic():
        spend_form_token(started)


def test_one_connection_makes_rinde_send_at_most_five_links_an_hour(
    verified_survey, answer_by_email, django_capture_on_commit_callbacks
):
    statuses = [
        answer_by_email(verified_survey, f"persona{n}@example.org").status_code for n in range(6)
    ]
    assert statuses == [303] * 5 + [400]
    assert len(mail.outbox) == 5
    # Another connection is not held back by this one's count.
    with django_capture_on_commit_callbacks(execute=True):
        other = answer(
            Client(REMOTE_ADDR="10.7.7.7"),
            verified_survey,
            email="persona6@example.org",
            email_authorized="on",
        )
    assert other.status_code == 303 and len(mail.outbox) == 6


def test_answers_that_send_no_mail_are_not_held_to_the_mail_limit(survey):
    statuses = [answer(Client(), survey).status_code for _ in range(7)]
    assert statuses == [303] * 7
