import time
from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.core.antispam import sign_start
from rinde.core.models import AuditEntry
from rinde.evaluation import figures, services
from rinde.evaluation.models import Answer, EvaluationForm, EvaluationReport, Response
from rinde.exercises.models import Event, EventKind
from rinde.questions.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(entity, planning_user):
    exercise = make_exercise()
    now = timezone.now()
    event = Event.objects.create(
        exercise=exercise,
        kind=EventKind.HEARING,
        title="Audiencia",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    return services.create_form(event=event, actor=planning_user)


def valid_answers(**extra):
    return {
        "q_como_se_entero": ["redes_sociales", "sitio_web"],
        "q_explicacion": "clara",
        "q_organizacion": "bien",
        "q_oportunidad": "adecuada",
        "q_profundidad": "moderada",
        "q_respondio": "yes",
        "q_respondio_why": "Mostraron cifras",
        "q_continuar": "yes",
        "q_rol": "muy_importante",
        "q_satisfaccion": "4",
        "q_comentarios": "Más tiempo",
        "website": "",
        "started": sign_start(time.time() - 60),
        **extra,
    }


def test_the_default_form_follows_the_template(form):
    codes = list(form.questions.values_list("code", flat=True))
    assert codes[0] == "como_se_entero" and codes[-1] == "comentarios"
    assert form.questions.get(code="como_se_entero").maps_to_outreach
    assert form.closes_at == form.event.ends_at + timedelta(hours=48)
    assert "Función Pública" in form.based_on


def test_a_citizen_answers_once_anonymously(client, form):
    response = client.post("/rendicion/2023/evaluacion/", valid_answers())
    assert response.status_code == 303
    assert Response.objects.count() == 1
    saved = {a.question.code: a for a in Answer.objects.select_related("question")}
    assert saved["como_se_entero"].choices == ["redes_sociales", "sitio_web"]
    assert saved["satisfaccion"].number == 4
    assert saved["respondio"].text == "Mostraron cifras"
    # The same browser again: thanked, not counted twice.
    page = client.get("/rendicion/2023/evaluacion/")
    assert "Usted ya evaluó esta audiencia" in page.text
    client.post("/rendicion/2023/evaluacion/", valid_answers())
    assert Response.objects.count() == 1


def test_a_forged_answered_cookie_does_not_count(client, form):
    client.cookies[f"rinde_eval_{form.pk}"] = "1"
    assert "Enviar mi evaluación" in client.get("/rendicion/2023/evaluacion/").text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"q_explicacion": ""}, "Responda esta pregunta."),
        ({"q_organizacion": "excelente"}, "Elija una de las opciones."),
        ({"q_como_se_entero": ["radio_pirata"]}, "Elija una de las opciones."),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(client, form, changes, message):
    response = client.post("/rendicion/2023/evaluacion/", valid_answers(**changes))
    assert response.status_code == 400
    assert message in response.text
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_answers_outside_the_window_are_refused(client, form):
    form.opens_at = timezone.now() + timedelta(days=1)
    form.closes_at = timezone.now() + timedelta(days=2)
    form.save()
    page = client.get("/rendicion/2023/evaluacion/")
    assert "se abre el" in page.text
    client.post("/rendicion/2023/evaluacion/", valid_answers())
    assert Response.objects.count() == 0


def test_results_are_hidden_from_everyone_until_the_form_closes(
    client, staff_client, planning_user, form
):
    client.post("/rendicion/2023/evaluacion/", valid_answers())
    staff = staff_client(planning_user).get(f"/panel/evaluacion/{form.pk}/")
    assert "Los resultados se ven cuando cierre el formato" in staff.text
    assert staff.context["rows"] is None
    EvaluationForm.objects.filter(pk=form.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    from django.test import Client

    public = Client().get("/rendicion/2023/evaluacion/")
    assert "Resultados de la evaluación" in public.text
    assert 'role="img"' in public.text
    assert "Más tiempo" not in public.text  # free text stays private until staff publish it
    answer = Answer.objects.get(question__code="comentarios")
    staff_client(planning_user).post(
        f"/panel/evaluacion/{form.pk}/textos/{answer.pk}/", {"public": "1"}
    )
    assert "Más tiempo" in Client().get("/rendicion/2023/evaluacion/").text


def test_paper_forms_are_typed_once_per_sheet(staff_client, planning_user, form):
    client = staff_client(planning_user)
    data = {k: v for k, v in valid_answers().items() if k not in ("website", "started")}
    response = client.post(f"/panel/evaluacion/{form.pk}/papel/", {**data, "sheet_number": 7})
    assert response.status_code == 302
    response = client.post(f"/panel/evaluacion/{form.pk}/papel/", {**data, "sheet_number": 7})
    assert response.status_code == 400
    assert "La hoja 7 ya fue digitada." in response.text
    assert Response.objects.filter(channel="paper").count() == 1
    assert "1 hoja digitada." in client.get(f"/panel/evaluacion/{form.pk}/papel/").text
    assert AuditEntry.objects.filter(action="evaluation.paper_entry").count() == 1


def test_the_qr_code_downloads_as_png_and_svg(staff_client, planning_user, form):
    client = staff_client(planning_user)
    png = client.get(f"/panel/evaluacion/{form.pk}/qr.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get(f"/panel/evaluacion/{form.pk}/qr.svg")
    assert b"<svg" in svg.content
    assert client.get(f"/panel/evaluacion/{form.pk}/qr.gif").status_code == 404


def test_the_short_link_leads_to_the_form(client, form):
    assert client.get("/ev/2023/")["Location"] == "/rendicion/2023/evaluacion/"


def test_only_planning_runs_the_evaluation(
    staff_client, communications_user, officer_user, form, client
):
    assert client.get("/panel/evaluacion/").status_code == 302
    for user in (communications_user, officer_user):
        assert staff_client(user).get(f"/panel/evaluacion/{form.pk}/").status_code == 403


def test_the_report_freezes_its_figures_and_publishes_a_pdf_document(
    client, staff_client, planning_user, form, django_capture_on_commit_callbacks
):
    client.post("/rendicion/2023/evaluacion/", valid_answers())
    staff = staff_client(planning_user)
    staff.post("/panel/evaluacion/informe/2023/")
    report = EvaluationReport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/panel/evaluacion/informe/2023/",
            {
                "n_intro": "Presentación del informe",
                "n_evaluation": "Bien evaluada",
                "publish": "1",
            },
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "published"
    assert report.figures["evaluation"]["forms"][0]["responses"] == 1
    assert report.figures["consultations"] is None  # no survey in this exercise
    assert report.pdf_status == "done"
    assert report.document.file.read(5) == b"%PDF-"
    assert report.document.kind == "evaluation_report"
    # A later answer does not change the published report.
    Response.objects.create(form=form)
    page = client.get("/rendicion/2023/evaluacion/informe/")
    assert "Presentación del informe" in page.text
    assert "1 evaluaciones" in page.text
    assert "Sin datos todavía" in page.text
    # A published report is changed only through a new version.
    staff.post("/panel/evaluacion/informe/2023/", {"new_version": "1"})
    assert EvaluationReport.objects.filter(version=2, state="draft").exists()


def test_figures_include_unanswered_questions_with_their_due_dates(form):
    from rinde.questions.tests.factories import make_question

    make_question(form.event.exercise)
    result = figures.collect(form.event.exercise)
    assert len(result["questions"]["unanswered"]) == 1
    assert result["registrations"] == {"attend": 0, "intervene": 0, "attended": 0}


def test_a_replayed_evaluation_post_is_refused_without_the_cookie(form):
    from django.test import Client

    answers = valid_answers()
    assert Client().post("/rendicion/2023/evaluacion/", answers).status_code == 303
    replay = Client().post("/rendicion/2023/evaluacion/", answers)
    assert replay.status_code == 400
    assert "Este formulario ya se había enviado" in replay.text
    assert form.responses.count() == 1
