"""Planning edits the evaluation form's presentation and questions in the panel (before,
only in the Django admin), while nobody has answered."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.core.antispam import sign_start
from rinde.core.models import AuditEntry
from rinde.evaluation import services
from rinde.evaluation.models import Answer, EvaluationQuestion, Response
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


@pytest.fixture
def staff(staff_client, planning_user):
    return staff_client(planning_user)


def question_data(**extra):
    return {
        "text": "¿Llegó a tiempo la información?",
        "code": "",
        "kind": "single",
        "required": "on",
        "options_text": "Sí, a tiempo\ntarde | Llegó tarde",
        "scale_min": 1,
        "scale_max": 5,
        **extra,
    }


def test_planning_adds_a_question_that_citizens_answer(staff, form, client):
    url = f"/panel/evaluacion/{form.pk}/preguntas/nueva/"
    assert staff.get(url).status_code == 200
    assert staff.post(url, question_data()).status_code == 302
    question = form.questions.get(code="llego_a_tiempo_la_informacion")
    assert question.order == form.questions.count()
    assert question.options == [["si_a_tiempo", "Sí, a tiempo"], ["tarde", "Llegó tarde"]]
    assert AuditEntry.objects.filter(action="evaluation.question.create").count() == 1

    page = client.get("/rendicion/2023/evaluacion/")
    assert "¿Llegó a tiempo la información?" in page.text
    answers = {
        f"q_{q.code}": (q.options[0][0] if q.kind in ("single", "multiple") else "4")
        for q in form.questions.all()
        if q.kind != "text"
    }
    answers["q_respondio"] = answers["q_continuar"] = "yes"
    answers["q_como_se_entero"] = ["prensa"]
    posted = client.post(
        "/rendicion/2023/evaluacion/",
        {**answers, "website": "", "started": sign_start(time.time() - 60)},
    )
    assert posted.status_code == 303, posted.text
    assert Answer.objects.get(question=question).choices == ["si_a_tiempo"]


def test_editing_a_question_and_the_outreach_mapping_moves(staff, form):
    question = form.questions.get(code="satisfaccion")
    url = f"/panel/evaluacion/{form.pk}/preguntas/{question.pk}/"
    data = question_data(
        text="¿Cómo nos conoció?",
        code="como_nos_conocio",
        kind="multiple",
        options_text="radio | Radio\nvecinos | Vecinos",
        maps_to_outreach="on",
    )
    assert staff.post(url, data).status_code == 302
    question.refresh_from_db()
    assert (question.code, question.kind, question.maps_to_outreach) == (
        "como_nos_conocio",
        "multiple",
        True,
    )
    assert list(form.questions.filter(maps_to_outreach=True)) == [question]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"options_text": "Una sola"}, "al menos dos opciones"),
        ({"code": "rol"}, "ya usa ese código"),
        ({"options_text": "a | Uno\na | Otro"}, "mismo código"),
        ({"kind": "scale", "scale_min": 5, "scale_max": 1}, "La escala va"),
        ({"kind": "text", "maps_to_outreach": "on"}, "Solo una pregunta de opciones"),
    ],
)
def test_a_wrong_question_is_refused(staff, form, data, message):
    count = form.questions.count()
    response = staff.post(f"/panel/evaluacion/{form.pk}/preguntas/nueva/", question_data(**data))
    assert response.status_code == 400
    assert message in response.text
    assert form.questions.count() == count


def test_questions_move_and_are_deleted(staff, form):
    first, second = form.questions.order_by("order")[:2]
    staff.post(f"/panel/evaluacion/{form.pk}/preguntas/{second.pk}/mover/", {"direction": "up"})
    assert list(form.questions.order_by("order")[:2]) == [second, first]
    staff.post(f"/panel/evaluacion/{form.pk}/preguntas/{first.pk}/eliminar/")
    assert not EvaluationQuestion.objects.filter(pk=first.pk).exists()
    assert AuditEntry.objects.filter(action="evaluation.question.delete").count() == 1


def test_once_answered_the_questions_stay(staff, form):
    Response.objects.create(form=form)
    question = form.questions.first()
    count = form.questions.count()
    assert "ya tiene respuestas" in staff.get(f"/panel/evaluacion/{form.pk}/preguntas/").text
    response = staff.post(f"/panel/evaluacion/{form.pk}/preguntas/nueva/", question_data())
    assert response.status_code == 400 and "ya tiene respuestas" in response.text
    staff.post(f"/panel/evaluacion/{form.pk}/preguntas/{question.pk}/eliminar/")
    staff.post(f"/panel/evaluacion/{form.pk}/preguntas/{question.pk}/mover/", {"direction": "down"})
    assert form.questions.count() == count
    assert form.questions.order_by("order").first() == question


def test_title_and_presentation_are_edited(staff, form, client):
    url = f"/panel/evaluacion/{form.pk}/preguntas/"
    data = {"title": "Evalúe la audiencia", "intro": "Es anónimo.", "based_on": "Propio"}
    assert staff.post(url, data).status_code == 302
    assert "Evalúe la audiencia" in client.get("/rendicion/2023/evaluacion/").text
    entry = AuditEntry.objects.get(action="evaluation.form.update")
    assert "title" in entry.changes


def test_other_roles_cannot_edit_questions(staff_client, communications_user, form):
    staff = staff_client(communications_user)
    assert staff.get(f"/panel/evaluacion/{form.pk}/preguntas/").status_code == 403
