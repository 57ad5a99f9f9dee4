"""The search as a person walks it: the header's box, without JavaScript; on a phone and a
desktop, axe-clean."""

import os

import pytest

from rinde.core.tests.browser import axe_violations
from rinde.exercises.tests.factories import make_exercise
from rinde.search.tests.factories import make_bulletin, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Set to a folder to keep the screenshots (the engineer looks at them).
SHOTS = os.environ.get("RINDE_SCREENSHOTS", "")


@pytest.fixture
def items(entity):
    exercise = make_exercise(2023)  # transactional: every save is indexed as it commits
    make_document(
        exercise,
        "Informe de gestión 2023",
        summary="<p>La <strong>participación ciudadana</strong> creció en las comunas.</p>",
    )
    make_bulletin("Participación en la audiencia pública", exercise=exercise)
    return exercise


def test_a_citizen_searches_from_the_header_without_javascript(live_server, browser, items):
    context = browser.new_context(java_script_enabled=False, locale="es-CO")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server.url + "/")
        box = page.get_by_role("search").get_by_label("Buscar en el sitio")
        box.fill("participacion")
        box.press("Enter")
        page.wait_for_url("**/buscar/?q=participacion")
        assert page.get_by_role("status").inner_text().startswith("2 resultados")
        assert page.get_by_label("Palabras").input_value() == "participacion"
        assert page.locator("main mark").first.inner_text().lower() == "participación"

        page.get_by_label("Tipo").select_option("document")
        page.locator("main").get_by_role("button", name="Buscar").click()
        assert page.get_by_role("status").inner_text().startswith("1 resultado")
        page.get_by_role("link", name="Informe de gestión 2023").click()
        assert page.url.endswith("/rendicion/2023/#documentos")
    finally:
        context.close()


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_the_search_pages_have_no_axe_violations(live_server, page, items, size, request):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    name = request.node.callspec.id
    for label, path in [
        ("results", "/buscar/?q=participacion"),
        ("none", "/buscar/?q=zzzz&tipo=forum"),
        ("empty", "/buscar/"),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "es"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/search-{label}-{name}.png", full_page=True)
        assert axe_violations(page) == [], path
