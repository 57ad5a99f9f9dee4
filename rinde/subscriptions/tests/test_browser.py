"""A citizen subscribes to the bulletins and confirms, on a phone and on a desktop: axe on
each page, and the whole walk works with the browser's JavaScript off."""

import os
from pathlib import Path

import pytest
from django.core import mail

from rinde.core.tests.browser import axe_violations
from rinde.subscriptions.forms import SubscriptionForm
from rinde.subscriptions.tests.helpers import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("size", SIZES)
def test_subscribe_and_confirm_without_javascript(
    live_server, browser, entity, monkeypatch, size, tmp_path
):
    monkeypatch.setattr(SubscriptionForm, "min_seconds", 0)
    # SCREENSHOTS_DIR keeps them to look at; by default they go with the test's tmp dir.
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    context = browser.new_context(locale="es-CO", viewport=SIZES[size], java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/suscripciones/")
        page.screenshot(path=str(shots / f"index-{size}.png"), full_page=True)
        page.get_by_role("link", name="Recibir los boletines de prensa por correo").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Suscribirse por correo"
        page.get_by_label("Su correo electrónico").fill("ana@example.org")
        page.get_by_label("Autorizo el uso de mi correo", exact=False).check()
        page.screenshot(path=str(shots / f"form-{size}.png"), full_page=True)
        page.get_by_role("button", name="Suscribirme").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Revise su correo"
        [message] = mail.outbox
        page.goto(live_server.url + link_in(message, "/confirmar/"))
        page.get_by_role("button", name="Sí, confirmar mi suscripción").click()
        assert "confirmada" in page.get_by_role("heading", level=1).inner_text()
    finally:
        context.close()

    # axe runs its script: a second pass with JavaScript on, over the same pages.
    context = browser.new_context(locale="es-CO", viewport=SIZES[size])
    page = context.new_page()
    try:
        for path in [
            "/suscripciones/",
            "/suscripciones/boletines/",
            "/suscripciones/revise-su-correo/",
            link_in(message, "/confirmar/"),
        ]:
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], path
        page.screenshot(path=str(shots / f"confirm-{size}.png"), full_page=True)
    finally:
        context.close()
