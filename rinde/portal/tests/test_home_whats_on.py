"""The home page shows the year-round process (issue 15): what is open now, what is coming
and the latest published figures, from published exercises only, in constant queries."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rinde.consultations.models import Forum, Survey
from rinde.core.public_cache import bump_site_version
from rinde.evaluation.models import EvaluationForm, EvaluationReport
from rinde.exercises.models import Event, EventKind
from rinde.questions.tests.factories import BOGOTA, make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def now(time_machine):
    time_machine.move_to(datetime(2027, 5, 4, 10, 0, tzinfo=BOGOTA), tick=False)
    return timezone.now()


def exercise_with_steps(year, now, **fields):
    dates = {"starts_on": date(year, 1, 10), "ends_on": date(year, 12, 31)}
    exercise = make_exercise(year, **{**dates, **fields})
    Survey.objects.create(
        exercise=exercise,
        question=f"¿Qué temas quiere oír en {exercise.slug}?",
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=10),
    )
    Forum.objects.create(
        exercise=exercise,
        question=f"¿Qué opina del informe {exercise.slug}?",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=30),
    )
    hearing = Event.objects.create(
        exercise=exercise,
        kind=EventKind.HEARING,
        title=f"Audiencia pública {exercise.slug}",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=3),
    )
    EvaluationForm.objects.create(
        event=hearing,
        title="Evaluación",
        opens_at=hearing.starts_at,
        closes_at=hearing.ends_at + timedelta(hours=48),
    )
    return exercise, hearing


def test_the_home_page_shows_what_is_open_now_and_what_is_coming(client, entity, now):
    exercise, hearing = exercise_with_steps(2027, now)
    exercise_with_steps(2028, now, is_published=False, slug="2028")  # a draft: never shown
    page = client.get("/").text
    open_now = page.split('id="titulo-abierto"')[1].split('id="titulo-viene"')[0]
    coming = page.split('id="titulo-viene"')[1]
    assert "/rendicion/2027/encuesta/" in open_now and "Abierta hasta el 14 de mayo" in open_now
    assert f"/rendicion/2027/eventos/{hearing.pk}/" in open_now
    assert "/rendicion/2027/preguntas/nueva/" in open_now  # ask before the hearing
    assert f"/rendicion/2027/eventos/{hearing.pk}/inscripcion/asistir/" in open_now
    assert "/rendicion/2027/foro/" in coming and "abre el 9 de mayo de 2027" in coming
    assert "/rendicion/2027/evaluacion/" in coming
    assert "/rendicion/2028/" not in page


def test_during_the_hearing_the_home_page_points_to_the_live_page(
    client, entity, now, time_machine
):
    _exercise, hearing = exercise_with_steps(2027, now)
    time_machine.move_to(hearing.starts_at + timedelta(minutes=30), tick=False)
    page = client.get("/").text
    assert "/rendicion/2027/en-vivo/" in page
    assert "/rendicion/2027/evaluacion/" in page.split('id="titulo-abierto"')[1]


def test_the_home_page_shows_the_latest_published_figures(client, entity, now, planning_user):
    old, _hearing = exercise_with_steps(2026, now)
    EvaluationReport.objects.create(
        exercise=old,
        state=EvaluationReport.State.PUBLISHED,
        figures={"questions": {"received": 41, "answered": 39, "on_time": 37}},
        created_by=planning_user,
        published_at=now - timedelta(days=100),
    )
    page = client.get("/").text
    assert "Últimas cifras publicadas: Rendición de Cuentas 2026" in page
    assert "41" in page and "37 dentro del término" in page
    assert "/rendicion/2026/evaluacion/informe/" in page


def test_the_home_page_queries_do_not_grow_with_the_exercises(client, entity, now):
    exercise_with_steps(2027, now)
    client.get("/")  # the entity cache
    bump_site_version()
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    exercise_with_steps(2026, now, ends_on=date(2027, 12, 31))
    exercise_with_steps(2027, now, slug="2027-infancia")
    bump_site_version()
    with CaptureQueriesContext(connection) as three:
        client.get("/")
    assert len(three) == len(one)
