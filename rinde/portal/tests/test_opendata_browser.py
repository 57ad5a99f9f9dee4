"""The open-data page as a person meets it: phone and desktop, every dictionary open, axe."""

import os

import pytest

from rinde.core.tests.browser import axe_violations
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions.tests.factories import make_exercise, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_the_open_data_page_is_accessible_and_sent_compressed(
    live_server, page, entity, department, size
):
    make_plan_tree(department)
    make_question(make_exercise())
    page.set_viewport_size({"width": size[0], "height": size[1]})
    response = page.goto(live_server.url + "/datos/")
    # Chromium asks for brotli: the page comes compressed from the app itself.
    assert response.headers.get("content-encoding") == "br"
    for summary in page.locator("summary").all():
        summary.click()
    assert page.locator("details[open]").count() == page.locator("details").count() >= 11
    assert axe_violations(page) == []
    # Nothing wider than the screen but the dictionaries' own scrolling regions.
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/datos-{size[0]}.png", full_page=True)
