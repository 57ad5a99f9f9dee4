"""The survey and the forum are set up and edited from the panel, by their roles (before,
only the Django admin could)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.consultations.models import Comment, Forum, Survey, SurveyOption, SurveyResponse
from rinde.core.antispam import sign_start
from rinde.core.models import AuditEntry
from rinde.exercises.tests.factories import make_exercise
from rinde.plan.models import Plan, StrategicLine

pytestmark = pytest.mark.django_db

FMT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def exercise(entity):
    return make_exercise(2027, slug="2027")


def window(opens_in=timedelta(hours=-1), length=timedelta(days=20)):
    opens = timezone.localtime() + opens_in
    return {"opens_at": opens.strftime(FMT), "closes_at": (opens + length).strftime(FMT)}


def survey_data(exercise, **extra):
    return {
        "exercise": exercise.pk,
        "question": "¿Qué temas quiere conocer?",
        "topics": "Vías\nSalud\n\nSeguridad",
        "multiple": "on",
        "max_choices": 2,
        "allow_other": "on",
        **window(),
        **extra,
    }


def test_communications_opens_a_survey_that_citizens_answer(
    staff_client, communications_user, exercise, client
):
    staff = staff_client(communications_user)
    assert "/panel/encuesta/nueva/?ejercicio=2027" in staff.get("/panel/encuesta/").text
    page = staff.get("/panel/encuesta/nueva/?ejercicio=2027")
    assert page.status_code == 200 and "Nueva encuesta de temas" in page.text
    assert ">Ejercicio <" in page.text
    response = staff.post("/panel/encuesta/nueva/", survey_data(exercise))
    assert response.status_code == 302, response.text
    survey = Survey.objects.get(exercise=exercise)
    assert list(survey.options.values_list("label", flat=True)) == ["Vías", "Salud", "Seguridad"]
    assert AuditEntry.objects.filter(action="consultations.survey.create").count() == 1

    from django.test import Client

    citizen = Client()
    assert "¿Qué temas quiere conocer?" in citizen.get("/rendicion/2027/encuesta/").text
    posted = citizen.post(
        "/rendicion/2027/encuesta/",
        {
            "options": [str(survey.options.first().pk)],
            "website": "",
            "started": sign_start(time.time() - 30),
        },
    )
    assert posted.status_code == 303
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_a_new_survey_proposes_the_plan_lines_and_links_them(staff_client, planning_user, exercise):
    plan = Plan.objects.create(name="Plan", start_year=2024, end_year=2027, is_current=True)
    line = StrategicLine.objects.create(plan=plan, code="1", name="Ciudad segura")
    staff = staff_client(planning_user)
    assert "Ciudad segura" in staff.get("/panel/encuesta/nueva/").text
    staff.post("/panel/encuesta/nueva/", survey_data(exercise, topics="Ciudad segura\nOtro"))
    option = SurveyOption.objects.get(label="Ciudad segura")
    assert option.line == line
    assert SurveyOption.objects.get(label="Otro").line is None


def test_a_new_survey_keeps_the_proposed_topics_left_as_they_were(
    staff_client, planning_user, exercise
):
    plan = Plan.objects.create(name="Plan", start_year=2024, end_year=2027, is_current=True)
    StrategicLine.objects.create(plan=plan, code="1", name="Ciudad segura")
    StrategicLine.objects.create(plan=plan, code="2", name="Ciudad verde")
    staff = staff_client(planning_user)
    # The topics field as proposed: unchanged from its initial value, yet the survey's own.
    data = survey_data(exercise, topics="Ciudad segura\nCiudad verde")
    assert staff.post("/panel/encuesta/nueva/", data).status_code == 302
    survey = Survey.objects.get(exercise=exercise)
    assert list(survey.options.values_list("label", flat=True)) == ["Ciudad segura", "Ciudad verde"]
    entry = AuditEntry.objects.get(action="consultations.survey.create")
    assert entry.changes["topics"] == [[], ["Ciudad segura", "Ciudad verde"]]
    assert entry.changes["question"] == [None, "¿Qué temas quiere conocer?"]


def make_survey(exercise):
    now = timezone.now()
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Temas?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    for i, label in enumerate(["Vías", "Salud"], start=1):
        SurveyOption.objects.create(survey=survey, order=i, label=label)
    return survey


def test_dates_and_topics_are_edited_and_answered_topics_stay(
    staff_client, communications_user, exercise
):
    survey = make_survey(exercise)
    answered = survey.options.get(label="Vías")
    SurveyResponse.objects.create(survey=survey, confirmed_at=timezone.now()).options.add(answered)
    staff = staff_client(communications_user)
    url = f"/panel/encuesta/{survey.pk}/editar/"
    refused = staff.post(url, survey_data(exercise, topics="Salud\nEducación"))
    assert refused.status_code == 400
    assert "ya tienen respuestas" in refused.text and "«Vías»" in refused.text

    later = window(opens_in=timedelta(days=2), length=timedelta(days=9))
    kept = staff.post(url, survey_data(exercise, topics="Educación\nVías", **later))
    assert kept.status_code == 302
    survey.refresh_from_db()
    assert timezone.localtime(survey.opens_at).strftime(FMT) == later["opens_at"]
    assert list(survey.options.values_list("label", flat=True)) == ["Educación", "Vías"]
    assert survey.options.get(label="Vías").pk == answered.pk
    entry = AuditEntry.objects.get(action="consultations.survey.update")
    assert "opens_at" in entry.changes and "topics" in entry.changes
    assert entry.changes["topics"] == [["Vías", "Salud"], ["Educación", "Vías"]]


def test_the_close_must_follow_the_opening(staff_client, communications_user, exercise):
    staff = staff_client(communications_user)
    data = survey_data(exercise, **window(length=timedelta(hours=-2)))
    response = staff.post("/panel/encuesta/nueva/", data)
    assert response.status_code == 400
    assert "posterior a la apertura" in response.text
    assert not Survey.objects.exists()


def test_a_survey_with_answers_is_not_deleted(staff_client, communications_user, exercise):
    survey = make_survey(exercise)
    staff = staff_client(communications_user)
    SurveyResponse.objects.create(survey=survey, confirmed_at=timezone.now())
    staff.post(f"/panel/encuesta/{survey.pk}/eliminar/")
    assert Survey.objects.filter(pk=survey.pk).exists()
    SurveyResponse.objects.all().delete()
    assert staff.get(f"/panel/encuesta/{survey.pk}/eliminar/").status_code == 200
    staff.post(f"/panel/encuesta/{survey.pk}/eliminar/")
    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert AuditEntry.objects.filter(action="consultations.survey.delete").count() == 1


@pytest.mark.parametrize(
    "path", ["/panel/encuesta/nueva/", "/panel/foro/nuevo/"], ids=["survey", "forum"]
)
def test_other_roles_cannot_set_them_up(staff_client, officer_user, exercise, path):
    assert staff_client(officer_user).get(path).status_code == 403


def test_planning_cannot_set_up_a_forum(staff_client, planning_user, exercise):
    assert staff_client(planning_user).get("/panel/foro/nuevo/").status_code == 403


def test_communications_opens_a_forum_and_edits_its_dates(
    staff_client, communications_user, exercise, client
):
    staff = staff_client(communications_user)
    data = {
        "exercise": exercise.pk,
        "question": "¿Qué opina del informe?",
        "intro": "Lea el informe.",
        **window(),
    }
    assert "/panel/foro/nuevo/?ejercicio=2027" in staff.get("/panel/foro/").text
    assert staff.post("/panel/foro/nuevo/", data).status_code == 302
    forum = Forum.objects.get(exercise=exercise)
    assert "Escribir un comentario" in client.get("/rendicion/2027/foro/").text

    Comment.objects.create(forum=forum, body="Un comentario", author_key="k")
    closed = {**data, "question": "Otra pregunta", **window(opens_in=timedelta(days=-9))}
    closed["closes_at"] = (timezone.localtime() - timedelta(hours=1)).strftime(FMT)
    assert staff.post(f"/panel/foro/{forum.pk}/editar/", closed).status_code == 302
    forum.refresh_from_db()
    assert forum.question == "¿Qué opina del informe?"  # the comments answer it
    assert forum.is_closed()
    assert "El foro está cerrado" in client.get("/rendicion/2027/foro/").text

    staff.post(f"/panel/foro/{forum.pk}/eliminar/")
    assert Forum.objects.filter(pk=forum.pk).exists()
    update = AuditEntry.objects.get(action="consultations.forum.update")
    assert "closes_at" in update.changes and "question" not in update.changes


def test_the_panel_lists_link_to_the_editors(staff_client, communications_user, exercise):
    survey = make_survey(exercise)
    now = timezone.now()
    forum = Forum.objects.create(
        exercise=exercise, question="¿Foro?", opens_at=now, closes_at=now + timedelta(days=1)
    )
    staff = staff_client(communications_user)
    assert f"/panel/encuesta/{survey.pk}/editar/" in staff.get("/panel/encuesta/").text
    assert f"/panel/foro/{forum.pk}/editar/" in staff.get("/panel/foro/").text
