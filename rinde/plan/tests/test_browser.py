import pytest

from rinde.core.tests.browser import axe_violations
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_pages_have_no_axe_violations(
    live_server, page, entity, department, officer_user, planning_user
):
    indicator = make_plan_tree(department)
    publish(indicator, officer_user, planning_user, 45)
    for path in [
        "/plan/",
        "/plan/linea/1/",
        f"/plan/programa/{indicator.project.program.code}/",
        f"/plan/proyecto/{indicator.project.code}/",
    ]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    # Keyboard: the month filter works without JavaScript.
    page.goto(live_server.url + "/plan/")
    page.get_by_label("Corte al mes").select_option("2023-12")
    page.get_by_role("button", name="Ver").click()
    assert "mes=2023-12" in page.url
