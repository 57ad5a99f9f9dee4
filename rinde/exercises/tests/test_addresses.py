"""Several exercises may share a year (a sectoral or a children's hearing), each at its own
address /rendicion/<slug>/; the year's main exercise keeps /rendicion/<year>/."""

import pytest
from django.urls import reverse

from rinde.exercises.models import Exercise
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Question
from rinde.questions.tests.test_intake import post_question

pytestmark = pytest.mark.django_db


def test_two_exercises_of_one_year_have_their_own_pages(client, entity):
    main = make_exercise(2027, title="Rendición de cuentas 2027")
    children = make_exercise(2027, slug="2027-infancia", title="Audiencia de infancia 2027")
    assert main.slug == "2027"
    assert main.get_absolute_url() == "/rendicion/2027/"
    assert children.get_absolute_url() == "/rendicion/2027-infancia/"
    assert "Rendición de cuentas 2027" in client.get("/rendicion/2027/").text
    assert "Audiencia de infancia 2027" in client.get("/rendicion/2027-infancia/").text
    assert client.get("/rendicion/2027-otra/").status_code == 404


def test_a_question_goes_to_the_exercise_whose_address_it_was_asked_at(client, entity):
    make_exercise(2027)
    children = make_exercise(2027, slug="2027-infancia")
    response = post_question(client, "/rendicion/2027-infancia/preguntas/nueva/")
    assert response.status_code == 303
    assert Question.objects.get().exercise == children


def test_the_panel_refuses_a_second_exercise_at_the_same_address(staff_client, admin_user, entity):
    make_exercise(2027)
    data = {
        "year": 2027,
        "slug": "",
        "title": "Otra",
        "starts_on": "2027-01-10",
        "ends_on": "2027-12-31",
        "source": "vacio",
    }
    response = staff_client(admin_user).post(reverse("exercises:panel_create"), data)
    assert response.status_code == 200
    assert "dirección" in response.text.lower()
    assert Exercise.objects.count() == 1

    data["slug"] = "2026-infancia"
    response = staff_client(admin_user).post(reverse("exercises:panel_create"), data)
    assert "empieza por el año del ejercicio" in response.text
    assert Exercise.objects.count() == 1

    data["slug"] = "2027-infancia"
    response = staff_client(admin_user).post(reverse("exercises:panel_create"), data)
    assert response.status_code == 302
    assert Exercise.objects.filter(slug="2027-infancia").exists()


def test_a_published_exercise_keeps_its_address(staff_client, admin_user, entity):
    exercise = make_exercise(2027, is_published=True)
    data = {
        "year": 2027,
        "slug": "2027-nueva",
        "title": "Cambiado",
        "planning_instrument": "ptep",
        "starts_on": "2027-01-10",
        "ends_on": "2027-12-31",
        "is_published": "on",
    }
    staff_client(admin_user).post(reverse("exercises:panel_exercise_edit", args=["2027"]), data)
    exercise.refresh_from_db()
    assert exercise.title == "Cambiado"
    assert exercise.slug == "2027"


@pytest.mark.parametrize("raw", ["", "2027\x00", "2027-Infancia", "27", "2027-", None, 2027])
def test_only_a_slug_names_an_exercise(entity, raw):
    make_exercise(2027)
    assert not Exercise.objects.with_slug(raw).exists()
