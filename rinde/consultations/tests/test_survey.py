import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rinde.consultations import embed
from rinde.consultations.models import Survey, SurveyOption, SurveyResponse
from rinde.core import antispam
from rinde.core.antispam import sign_start
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(entity):
    exercise = make_exercise()
    now = timezone.now()
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere conocer?",
        max_choices=2,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        embed_hosts="https://www.itagui.gov.co, http://inseguro.example",
    )
    for i, label in enumerate(["Vías", "Salud", "Seguridad"], start=1):
        SurveyOption.objects.create(survey=survey, order=i, label=label)
    return survey


def answer(client, survey, path="/rendicion/2023/encuesta/", **data):
    options = [str(o.pk) for o in survey.options.all()]
    payload = {
        "options": options[:1],
        "website": "",
        "started": sign_start(time.time() - 30),
        **data,
    }
    return client.post(path, payload)


def test_a_citizen_answers_once(client, survey):
    assert answer(client, survey).status_code == 303
    assert "Usted ya respondió" in client.get("/rendicion/2023/encuesta/").text
    answer(client, survey)
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"options": []}, "Elija al menos un tema o escriba otro."),
        ({"options": "all"}, "Elija como máximo 2 temas."),
        ({"options": ["999999"]}, "no existe"),
        ({"population_group": "afro"}, "necesitamos su autorización"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(client, survey, data, message):
    if data.get("options") == "all":
        data = {"options": [str(o.pk) for o in survey.options.all()]}
    response = answer(client, survey, **data)
    assert response.status_code == 400
    assert message in response.text
    assert SurveyResponse.objects.count() == 0


def test_a_free_topic_alone_is_enough_and_stays_private(client, survey):
    assert answer(client, survey, options=[], other_text="Parques para perros").status_code == 303
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    from django.test import Client

    html = Client().get("/rendicion/2023/encuesta/").text
    assert "Resultados de la encuesta de temas" in html
    assert "Parques para perros" not in html


def test_results_appear_after_closing_with_small_sensitive_groups_hidden(client, survey):
    answer(client, survey, population_group="afro", sensitive_authorized="on", age_range="18_28")
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    from django.test import Client

    html = Client().get("/rendicion/2023/encuesta/").text
    assert "1 personas respondieron" in html
    assert "&lt;5" in html  # the single afro answer is not shown as "1"
    assert "18 a 28 años" in html


def test_answers_after_closing_are_refused(client, survey):
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    answer(client, survey)
    assert SurveyResponse.objects.count() == 0


def test_the_widget_can_be_framed_only_by_configured_https_hosts(client, survey):
    response = client.get("/rendicion/2023/encuesta/widget/")
    assert "X-Frame-Options" not in response
    assert (
        "frame-ancestors 'self' https://www.itagui.gov.co;" in response["Content-Security-Policy"]
    )
    assert "inseguro" not in response["Content-Security-Policy"]
    assert client.get("/rendicion/2023/encuesta/")["X-Frame-Options"] == "DENY"
    started = sign_start(time.time() - 30)
    assert (
        answer(
            client,
            survey,
            path="/rendicion/2023/encuesta/widget/",
            started=started,
            sello=embed.seal(survey.pk, started),
        )["Location"]
        == "/rendicion/2023/encuesta/widget/gracias/"
    )


def _widget_seal(client) -> tuple[str, str]:
    """The start token and seal the widget's form carries, read from the page."""
    html = client.get("/rendicion/2023/encuesta/widget/").text
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    sello = re.search(r'name="sello" value="([^"]+)"', html).group(1)
    return started, sello


def test_the_widget_takes_an_answer_without_any_csrf_cookie(survey, monkeypatch):
    # A third-party iframe: the browser sends none of Rinde's cookies, CSRF's included.
    framed = Client(enforce_csrf_checks=True)
    started, sello = _widget_seal(framed)
    assert "csrfmiddlewaretoken" not in framed.get("/rendicion/2023/encuesta/widget/").text
    framed.cookies.clear()
    later = time.time() + 30  # the person takes a while to choose (antispam's minimum)
    monkeypatch.setattr(antispam.time, "time", lambda: later)
    response = answer(
        framed, survey, path="/rendicion/2023/encuesta/widget/", started=started, sello=sello
    )
    assert response.status_code == 303
    assert SurveyResponse.objects.count() == 1
    # The site's own survey page keeps Django's CSRF check.
    assert answer(Client(enforce_csrf_checks=True), survey).status_code == 403


def test_the_widget_refuses_a_replayed_seal(survey):
    framed = Client(enforce_csrf_checks=True)
    started = sign_start(time.time() - 30)
    sello = embed.seal(survey.pk, started)
    path = "/rendicion/2023/encuesta/widget/"
    assert answer(framed, survey, path=path, started=started, sello=sello).status_code == 303
    replay = answer(
        Client(enforce_csrf_checks=True), survey, path=path, started=started, sello=sello
    )
    assert replay.status_code == 400
    assert "ya se había enviado" in replay.text
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("forgery", ["missing", "forged", "other_token", "other_survey", "old"])
def test_the_widget_refuses_a_forged_or_stale_seal(survey, forgery):
    started = sign_start(time.time() - 30)
    sello = {
        "missing": "",
        "forged": embed.seal(survey.pk, started)[:-4] + "AAAA",
        "other_token": embed.seal(survey.pk, sign_start(time.time() - 30)),
        "other_survey": embed.seal(survey.pk + 1, started),
        "old": _old_seal(survey.pk, started),
    }[forgery]
    response = answer(
        Client(enforce_csrf_checks=True),
        survey,
        path="/rendicion/2023/encuesta/widget/",
        started=started,
        sello=sello,
    )
    assert response.status_code == 403
    assert "No pudimos comprobar el formulario" in response.text
    assert SurveyResponse.objects.count() == 0


def _old_seal(survey_pk: int, started: str) -> str:
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=time.time() - 2 * 3600):
        return embed.seal(survey_pk, started)


def test_a_widget_answer_is_never_tied_to_the_logged_in_account(client, citizen_user, survey):
    client.force_login(citizen_user)
    started = sign_start(time.time() - 30)
    path = "/rendicion/2023/encuesta/widget/"
    answer(client, survey, path=path, started=started, sello=embed.seal(survey.pk, started))
    assert SurveyResponse.objects.get().user is None


def test_the_banner_is_an_image_with_the_call(client, survey):
    response = client.get("/rendicion/2023/encuesta/banner.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"Responda la encuesta" in response.content


def test_staff_export_streams_answers_without_the_sensitive_group(
    staff_client, communications_user, client, survey
):
    answer(client, survey, population_group="afro", sensitive_authorized="on")
    response = staff_client(communications_user).get(f"/panel/encuesta/{survey.pk}/respuestas.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert (
        body.splitlines()[0]
        == "respuesta,fecha,tema,otro_tema,rango_edad,territorio,tipo_participante"
    )
    assert "Vías" in body and "afro" not in body


def test_the_staff_page_gives_the_snippets_and_needs_the_role(
    staff_client, communications_user, officer_user, survey, client
):
    html = staff_client(communications_user).get("/panel/encuesta/").text
    assert "&lt;iframe" in html and "banner.svg" in html
    assert staff_client(officer_user).get("/panel/encuesta/").status_code == 403


def test_a_thousand_answers_from_one_address_are_stopped(survey, settings):
    from django.test import Client

    from rinde.consultations import views

    accepted = 0
    for _ in range(views.ANSWER_LIMIT + 20):
        response = answer(Client(REMOTE_ADDR="10.6.6.6"), survey)  # a new cookie jar each time
        accepted += response.status_code == 303
    assert accepted == views.ANSWER_LIMIT
    assert SurveyResponse.objects.count() == views.ANSWER_LIMIT


def test_the_survey_exports_as_xlsx(staff_client, communications_user, client, survey):
    import io

    from openpyxl import load_workbook

    answer(client, survey)
    response = staff_client(communications_user).get(f"/panel/encuesta/{survey.pk}/respuestas.xlsx")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0] == ("respuesta", "tema", "rango_edad", "tipo_participante")
    assert rows[1][1] == "Vías"


def test_answers_typed_as_formulas_are_exported_as_text(
    staff_client, communications_user, client, survey
):
    import csv
    import io

    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://evil","clic")'
    survey.options.filter(label="Vías").update(label=formula)
    answer(client, survey, other_text="@SUM(1+1)")
    staff = staff_client(communications_user)
    response = staff.get(f"/panel/encuesta/{survey.pk}/respuestas.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][2:4] == ["'" + formula, "'@SUM(1+1)"]
    response = staff.get(f"/panel/encuesta/{survey.pk}/respuestas.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert (sheet["B2"].value, sheet["B2"].data_type) == (formula, "s")
