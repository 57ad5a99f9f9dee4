"""A new exercise's evaluation and evaluation-report links never 404: before the form or
the report exists the page says when it comes."""

from datetime import date

import pytest

from rinde.questions.tests.factories import make_exercise, make_hearing

pytestmark = pytest.mark.django_db


def test_the_evaluation_before_its_form_exists_gives_the_hearing_date(client, entity):
    exercise = make_exercise(2027, slug="2027")
    page = client.get("/rendicion/2027/evaluacion/")
    assert page.status_code == 200
    assert "aún no está abierto" in page.text
    make_hearing(exercise, date(2027, 11, 20))
    page = client.get("/rendicion/2027/evaluacion/")
    assert "el 20 de noviembre de 2027" in page.text


def test_the_short_link_reaches_the_page(client, entity):
    make_exercise(2027, slug="2027")
    assert client.get("/ev/2027/", follow=True).status_code == 200


def test_the_report_before_publication_says_it_comes_after_the_hearing(client, entity):
    make_exercise(2027, slug="2027")
    page = client.get("/rendicion/2027/evaluacion/informe/")
    assert page.status_code == 200
    assert "aún no está publicado" in page.text


def test_an_unpublished_exercise_stays_hidden(client, entity):
    make_exercise(2028, slug="2028", is_published=False)
    assert client.get("/rendicion/2028/evaluacion/").status_code == 404
    assert client.get("/rendicion/2028/evaluacion/informe/").status_code == 404
