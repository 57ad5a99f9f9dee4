"""A citizen asks from a phone, gets the tracking code, and every public page passes axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Question
from rinde.questions.tests.factories import make_hearing, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_asks_on_a_phone_and_sees_the_tracking_code(
    live_server, browser, entity, settings
):
    settings.SITE_URL = live_server.url
    exercise = make_exercise()
    make_hearing(exercise)
    context = browser.new_context(locale="es-CO", viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/rendicion/2023/preguntas/nueva/")
    assert axe_violations(page) == []
    # Sent empty on purpose: a Spanish error, nothing stored.
    page.wait_for_timeout(3100)  # a person takes longer than the anti-bot minimum
    page.get_by_role("button", name="Enviar la pregunta").click()
    assert "Escriba su pregunta." in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Su pregunta").fill(
        "¿Cuándo terminan la obra del parque del barrio Santa María?"
    )
    page.wait_for_timeout(3100)
    page.get_by_role("button", name="Enviar la pregunta").click()
    code = Question.objects.get().tracking_code
    assert page.locator(".tracking-code").inner_text() == code
    assert axe_violations(page) == []
    context.close()


def test_public_question_pages_have_no_axe_violations(live_server, page, entity):
    exercise = make_exercise()
    make_hearing(exercise)
    question = make_question(exercise)
    for path in [
        "/preguntas/",
        "/rendicion/2023/preguntas/",
        f"/preguntas/{question.tracking_code}/",
        "/rendicion/2023/en-vivo/",
        "/rendicion/2023/preguntas/informe/",
    ]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_the_staff_board_and_question_page_have_no_axe_violations(
    live_server, page, entity, planning_user
):
    exercise = make_exercise()
    question = make_question(exercise)
    from django.test import Client

    client = Client()
    login_verified(client, planning_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for path in ["/panel/preguntas/", f"/panel/preguntas/{question.pk}/"]:
        page.goto(live_server.url + path)
        assert page.url.endswith(path)
        assert axe_violations(page) == [], path


def test_the_live_page_loads_the_stream_only_on_request(live_server, page, entity):
    exercise = make_exercise()
    # A hearing still to come: once it is over the page shows the recording instead.
    hearing = make_hearing(exercise, day=timezone.localdate() + timedelta(days=3))
    hearing.stream_url = "https://www.youtube.com/watch?v=abc123"
    hearing.save()
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(live_server.url + "/rendicion/2023/en-vivo/")
    assert outside == []
    page.get_by_role("button", name="Cargar el video aquí").click()
    frame = page.locator("iframe.stream-frame")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123"


def test_the_live_list_keeps_keyboard_focus_until_it_changes(live_server, page, entity):
    from django.core.cache import cache
    from playwright.sync_api import expect

    exercise = make_exercise()
    first = make_question(exercise)
    page.goto(live_server.url + "/rendicion/2023/en-vivo/")
    page.wait_for_load_state("load")  # htmx and poll.js are deferred scripts
    page.locator("#live-feed a").first.focus()
    # What the 15-second poll does, at once: nothing changed, so nothing is replaced.
    poll = (
        "htmx.ajax('GET', '/rendicion/2023/en-vivo/preguntas/', "
        "{source: '#live-feed', target: '#live-feed', swap: 'innerHTML'})"
    )
    page.evaluate(poll)
    page.wait_for_timeout(500)
    assert page.evaluate("document.activeElement.textContent") == first.text
    assert page.locator("#live-status").text_content() == ""
    # A new question arrives: the list is replaced and the status says so.
    make_question(exercise, text="¿Cuándo abren la biblioteca del barrio?")
    cache.clear()
    page.wait_for_timeout(5500)  # the browser may reuse the list for 5 s (max-age)
    page.evaluate(poll)
    expect(page.locator("#live-status")).to_have_text("Llegaron preguntas nuevas a la lista.")
    assert "biblioteca" in page.locator("#live-feed").text_content()
    # The link that had the keyboard has it again in the new list.
    assert page.evaluate("document.activeElement.textContent") == first.text


def test_a_long_address_in_a_question_fits_a_phone_screen(live_server, page, entity):
    exercise = make_exercise()
    make_hearing(exercise)
    question = make_question(
        exercise,
        text="¿Qué pasó con esto? https://www.itagui.gov.co/" + "documentos/" * 12 + "informe.pdf",
    )
    page.set_viewport_size({"width": 375, "height": 800})
    for path in (f"/preguntas/{question.tracking_code}/", "/rendicion/2023/en-vivo/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path


def test_a_refused_question_on_the_live_page_comes_back_scrolled_to_its_errors(
    live_server, browser, entity
):
    # On a phone the stream and its notes fill the first screens of the live page; a
    # refused post used to come back at the top, its errors out of sight below.
    exercise = make_exercise()
    hearing = make_hearing(exercise, day=timezone.localdate() + timedelta(days=3))
    hearing.stream_url = "https://www.youtube.com/watch?v=abc123"
    hearing.save()
    context = browser.new_context(
        locale="es-CO", viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/rendicion/2023/en-vivo/")
        page.wait_for_timeout(3100)  # a person takes longer than the anti-bot minimum
        with page.expect_navigation():
            page.get_by_role("button", name="Enviar la pregunta").click()
        summary = page.locator(".error-summary")
        assert "Escriba su pregunta." in summary.inner_text()
        box = summary.bounding_box()
        assert box is not None and 0 <= box["y"] < 740, box
        assert Question.objects.count() == 0
    finally:
        context.close()
