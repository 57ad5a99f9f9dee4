"""A new exercise's page links to its survey and forum before staff set them up: those
links answer with a page that says so, never a 404; once set up, the page gives the dates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.consultations.models import Forum, Survey, SurveyOption
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(entity):
    return make_exercise(2027, slug="2027")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/rendicion/2027/encuesta/", "aún no está abierta"),
        ("/rendicion/2027/encuesta/widget/", "aún no está abierta"),
        ("/rendicion/2027/foro/", "aún no está abierto"),
    ],
)
def test_links_of_a_new_exercise_say_not_open_yet(client, exercise, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.text


def test_the_banner_works_before_the_survey_exists(client, exercise):
    assert client.get("/rendicion/2027/encuesta/banner.svg").status_code == 200


def test_an_unpublished_exercise_stays_hidden(client, entity):
    make_exercise(2028, slug="2028", is_published=False)
    assert client.get("/rendicion/2028/encuesta/").status_code == 404
    assert client.get("/rendicion/2028/foro/").status_code == 404


def test_a_survey_not_open_yet_gives_both_dates(client, exercise):
    opens = timezone.now() + timedelta(days=10)
    survey = Survey.objects.create(
        exercise=exercise, question="¿Qué temas?", opens_at=opens, closes_at=opens + timedelta(30)
    )
    SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    html = client.get("/rendicion/2027/encuesta/").text
    local_close = timezone.localtime(survey.closes_at)
    assert "se abre el" in html and f"cierra el {local_close.day} de" in html


def test_a_forum_not_open_yet_does_not_say_closed(client, exercise):
    opens = timezone.now() + timedelta(days=10)
    Forum.objects.create(
        exercise=exercise, question="¿Qué opina?", opens_at=opens, closes_at=opens + timedelta(30)
    )
    html = client.get("/rendicion/2027/foro/").text
    assert "aún no está abierto: se abre el" in html
    assert "El foro está cerrado" not in html
    assert "Escribir un comentario" not in html
