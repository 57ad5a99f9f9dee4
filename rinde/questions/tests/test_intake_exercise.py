"""Questions typed in by staff (paper, e-mail, chat) go to the published exercise open for
them, never to an unpublished draft; staff choose when two are open (issue 15)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Channel, Question

pytestmark = pytest.mark.django_db

PAPER = {
    "channel": Channel.PAPER,
    "received_at": "2027-05-03T09:00",
    "text": "¿Cuándo abren el centro de salud de San Pío?",
}


@pytest.fixture
def today(time_machine):
    time_machine.move_to("2027-05-04 10:00 -05:00")


def test_a_paper_question_never_goes_to_a_newer_unpublished_draft(
    staff_client, ict_user, entity, today
):
    open_one = make_exercise(2027, starts_on=date(2027, 1, 10), ends_on=date(2027, 12, 31))
    make_exercise(2028, is_published=False)  # next year's draft, being prepared
    response = staff_client(ict_user).post("/panel/preguntas/nueva/", PAPER)
    assert response.status_code == 302
    assert Question.objects.get().exercise == open_one


def test_between_exercises_the_latest_published_one_receives_them(
    staff_client, ict_user, entity, today
):
    make_exercise(2025, starts_on=date(2025, 1, 10), ends_on=date(2025, 12, 31))
    latest = make_exercise(2026, starts_on=date(2026, 1, 10), ends_on=date(2027, 1, 31))
    make_exercise(2027, is_published=False, starts_on=date(2027, 3, 1))
    assert staff_client(ict_user).post("/panel/preguntas/nueva/", PAPER).status_code == 302
    assert Question.objects.get().exercise == latest


def test_staff_choose_when_two_exercises_are_open(staff_client, ict_user, entity, today):
    main = make_exercise(2027, starts_on=date(2027, 1, 10), ends_on=date(2027, 12, 31))
    children = make_exercise(
        2027,
        slug="2027-infancia",
        title="Rendición de cuentas de infancia 2027",
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 6, 30),
    )
    client = staff_client(ict_user)
    choice = client.get("/panel/preguntas/nueva/")
    assert choice.status_code == 200
    assert "/panel/preguntas/nueva/?ejercicio=2027-infancia" in choice.text
    assert "/panel/preguntas/nueva/?ejercicio=2027" in choice.text
    # Posting without a choice registers nothing.
    client.post("/panel/preguntas/nueva/", PAPER)
    assert not Question.objects.exists()
    page = client.get("/panel/preguntas/nueva/?ejercicio=2027-infancia")
    assert children.title in page.text
    assert client.post("/panel/preguntas/nueva/?ejercicio=2027-infancia", PAPER).status_code == 302
    assert Question.objects.get().exercise == children
    assert client.post("/panel/preguntas/nueva/?ejercicio=2027", PAPER).status_code == 302
    assert Question.objects.filter(exercise=main).count() == 1
    # A chat file too: the choice first, then its rows go to the chosen exercise.
    assert "?ejercicio=2027-infancia" in client.get("/panel/preguntas/chat/").text
    csv = "autor,texto,hora\nAna,¿Habrá más parques infantiles?,2027-05-03 10:00\n".encode()
    path = "/panel/preguntas/chat/?ejercicio=2027-infancia"
    preview = client.post(path, {"file": SimpleUploadedFile("chat.csv", csv, "text/csv")})
    key = preview.context["preview_key"]
    assert client.post(path, {"confirm": "1", "preview": key}).status_code == 302
    assert Question.objects.get(channel=Channel.CHAT).exercise == children


def test_with_only_a_draft_there_is_nowhere_to_register(staff_client, ict_user, entity, today):
    make_exercise(2027, is_published=False)
    page = staff_client(ict_user).get("/panel/preguntas/nueva/")
    assert "Aún no hay un ejercicio" in page.text


def test_a_question_asked_at_an_ended_exercise_goes_to_the_one_open_now(client, entity, today):
    from rinde.questions.tests.test_intake import post_question

    make_exercise(2025, starts_on=date(2025, 1, 10), ends_on=date(2026, 1, 31))
    current = make_exercise(2027, starts_on=date(2027, 1, 10), ends_on=date(2027, 12, 31))
    make_exercise(2028, is_published=False, starts_on=date(2027, 4, 1))  # a draft: never
    old_page = client.get("/rendicion/2025/preguntas/nueva/")
    assert old_page.status_code == 302
    assert old_page["Location"] == "/rendicion/2027/preguntas/nueva/"
    assert post_question(client, "/rendicion/2025/preguntas/nueva/").status_code == 303
    assert Question.objects.get().exercise == current


def test_an_ended_exercise_keeps_its_question_page_when_none_is_open(client, entity, today):
    make_exercise(2025, starts_on=date(2025, 1, 10), ends_on=date(2026, 1, 31))
    assert client.get("/rendicion/2025/preguntas/nueva/").status_code == 200
