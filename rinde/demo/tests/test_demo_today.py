"""The demo is today (issue 15): loaded on any day, its current exercise takes every citizen
step that day, and 2023 stays the past, closed exercise."""

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from rinde.consultations.models import Comment, Survey, SurveyResponse
from rinde.consultations.services import results
from rinde.consultations.tests.test_forum import post as post_comment
from rinde.consultations.tests.test_survey import answer as answer_survey
from rinde.entity.models import Entity
from rinde.evaluation.models import Response
from rinde.evaluation.tests.test_evaluation import valid_answers
from rinde.exercises.models import Event, EventKind, Exercise, PlanningInstrument, Registration
from rinde.exercises.tests.test_events import _data as registration_data
from rinde.questions.models import Question
from rinde.questions.tests.test_intake import post_question

pytestmark = pytest.mark.django_db


# Two days a year apart, neither in 2023, one before and one after the PTEP replaced the PAAC.
@pytest.mark.parametrize(
    ("moment", "slug", "instrument"),
    [
        ("2024-08-20 10:00 -05:00", "2024", PlanningInstrument.PAAC),
        ("2025-08-20 10:00 -05:00", "2025", PlanningInstrument.PTEP),
    ],
)
def test_the_current_exercise_takes_every_citizen_step_on_the_day_it_is_loaded(
    moment, slug, instrument
):
    with time_machine.travel(moment, tick=True):
        call_command("load_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
        exercise = Exercise.objects.get(slug=slug)
        assert exercise.is_published and exercise.planning_instrument == instrument
        base = f"/rendicion/{slug}/"
        assert Client().get(base).status_code == 200

        survey = Survey.objects.get(exercise=exercise)
        assert answer_survey(Client(), survey, path=base + "encuesta/").status_code == 303
        assert SurveyResponse.objects.filter(survey=survey).count() == 1

        assert post_comment(Client(), path=base + "foro/comentar/").status_code == 303
        assert Comment.objects.filter(forum__exercise=exercise).count() == 1

        hearing = Event.objects.get(exercise=exercise, kind=EventKind.HEARING)
        registered = Client().post(
            f"{base}eventos/{hearing.pk}/inscripcion/asistir/", registration_data()
        )
        assert registered.status_code == 303
        assert Registration.objects.filter(event=hearing).count() == 1

        assert post_question(Client(), base + "preguntas/nueva/").status_code == 303
        assert Question.objects.filter(exercise=exercise).count() == 1

        assert Client().post(base + "evaluacion/", valid_answers()).status_code == 303
        assert Response.objects.filter(form__event__exercise=exercise).count() == 1

        # The home page leads to the current exercise; /rendicion/ lists both years.
        home = Client().get("/").text
        assert base + "encuesta/" in home and base + "preguntas/nueva/" in home
        listing = Client().get("/rendicion/").text
        assert base in listing and "/rendicion/2023/" in listing

        # 2023 is the past: its survey is closed, its hearing over with its recording.
        past = Survey.objects.get(exercise__slug="2023")
        assert past.is_closed()
        # Its answers count in its results and in the figures the home page shows.
        assert results(past)["total"] == SurveyResponse.objects.filter(survey=past).count() > 0
        assert "Respuestas a la encuesta de temas</dt><dd>0<" not in home
        assert "Ver la grabación de la audiencia" in Client().get("/rendicion/2023/en-vivo/").text
        assert answer_survey(Client(), past).status_code != 303


def test_loading_again_another_day_moves_the_current_exercise_and_duplicates_nothing():
    with time_machine.travel("2026-02-02 09:00 -05:00", tick=True):
        call_command("load_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Exercise.objects.count(), Event.objects.count(), Survey.objects.count())
    with time_machine.travel("2026-06-02 09:00 -05:00", tick=True):
        call_command("load_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert (Exercise.objects.count(), Event.objects.count(), Survey.objects.count()) == counts
        assert Survey.objects.get(exercise__slug="2026").is_open()


def test_the_demo_entity_contact_data_is_fictitious():
    call_command("load_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    entity = Entity.objects.get()
    # The real Alcaldía de Itagüí's NIT, domain and social accounts never appear.
    assert entity.nit != "890980093-8"
    for value in (entity.email, entity.judicial_email, entity.website):
        assert "itagui.gov.co" not in value and ".invalid" in value
    assert not (entity.facebook_url or entity.x_url or entity.instagram_url or entity.youtube_url)
    assert not Event.objects.exclude(stream_url="").exists()
    home = Client().get("/").text
    assert "890980093" not in home and "itagui.gov.co" not in home
