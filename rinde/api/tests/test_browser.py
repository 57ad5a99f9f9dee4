"""The API's reference page as a person meets it, at phone and desktop sizes."""

import os

import pytest

from rinde.core.tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.mark.parametrize("size", SIZES)
def test_the_reference_page_reads_without_javascript_and_passes_axe(
    live_server, browser, entity, size
):
    width, height = SIZES[size]
    context = browser.new_context(
        locale="es-CO", viewport={"width": width, "height": height}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/api/docs")
        assert page.get_by_role("heading", level=1).inner_text() == "API de datos abiertos"
        # Every operation of the OpenAPI document has its section, parameters and fields.
        assert page.get_by_role("heading", name="GET /api/preguntas").count() == 1
        if folder := os.environ.get("RINDE_SCREENSHOTS"):
            page.screenshot(path=f"{folder}/api-docs-top-{size}.png", full_page=False)
        questions = page.locator("section", has=page.locator("#op-api-preguntas"))
        questions.locator("summary").click()
        assert questions.get_by_text("resultados[].respuestas[].texto").is_visible()
        if folder := os.environ.get("RINDE_SCREENSHOTS"):
            page.screenshot(path=f"{folder}/api-docs-{size}.png", full_page=False)
        # The page's own link to its OpenAPI document works.
        # Wait for the navigation: on a loaded machine content() can run before the JSON arrives.
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("link", name="/api/openapi.json").click()
        assert '"openapi"' in page.content()
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_reference_page_has_no_axe_violations(live_server, browser, entity, size):
    width, height = SIZES[size]
    context = browser.new_context(locale="es-CO", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/api/docs")
        for summary in page.locator("summary").all()[:3]:
            summary.click()
        assert axe_violations(page) == []
    finally:
        context.close()
