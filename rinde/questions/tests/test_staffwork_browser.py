"""In a browser, phone and desktop: the chat preview with its "No es pregunta" boxes and
the calendar change's confirmation page, axe-clean and no wider than the screen."""

import os

import pytest
from django.test import Client

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.entity.calendar import work_calendar
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Question
from rinde.questions.tests.factories import local, make_hearing, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHAT = (
    "autor;texto;hora\r\nAna;Buenas tardes a todos;09:10\r\n\r\n"
    "Beto;¿Cuánto costó la obra del parque principal del barrio?;09:20\r\n"
    "Carla;;09:21\r\nDora;¡Muchas gracias!;09:30\r\n"
)


def staff_page(browser, live_server, user, size):
    client = Client()
    login_verified(client, user)
    context = browser.new_context(locale="es-CO", viewport={"width": size[0], "height": size[1]})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def check(page, name, width):
    assert axe_violations(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_chat_preview_and_calendar_confirmation_in_a_browser(
    live_server, browser, entity, ict_user, planning_user, tmp_path, size
):
    exercise = make_exercise()
    make_hearing(exercise)
    page = staff_page(browser, live_server, ict_user, size)
    page.goto(live_server.url + "/panel/preguntas/chat/")
    chat = tmp_path / "chat.csv"
    chat.write_bytes(CHAT.encode())
    page.get_by_label("Archivo CSV del chat").set_input_files(str(chat))
    page.get_by_role("button", name="Ver vista previa").click()
    check(page, "chat-vista-previa", size[0])
    assert page.get_by_label("Buenas tardes a todos").is_checked()
    assert not page.get_by_label("¿Cuánto costó la obra", exact=False).is_checked()
    page.get_by_role("button", name="Confirmar y registrar", exact=False).click()
    assert list(Question.objects.values_list("asker_name", flat=True)) == ["Beto"]
    page.context.close()

    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    day = work_calendar().add_business_days(question.term_starts_after, 3)
    page = staff_page(browser, live_server, planning_user, size)
    page.goto(live_server.url + "/panel/entidad/dias-no-habiles/")
    page.get_by_label("Fecha").fill(day.isoformat())
    page.get_by_label("Motivo").fill("Día cívico")
    page.get_by_role("button", name="Agregar").click()
    check(page, "calendario-confirmar", size[0])
    assert question.tracking_code in page.content()
    page.get_by_role("button", name="Sí, cambiar el calendario", exact=False).click()
    assert question.tracking_code in page.content()  # the message lists the moved date
    check(page, "calendario-movidos", size[0])
    page.context.close()
