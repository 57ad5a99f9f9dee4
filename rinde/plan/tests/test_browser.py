import pytest

from rinde.core.tests.browser import axe_violations
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_pages_have_no_axe_violations(
    live_server, page, entity, department, officer_user, planning_user
):
    from decimal import Decimal

    from rinde.plan.models import Territory, YearTarget

    indicator = make_plan_tree(department)
    YearTarget.objects.create(indicator=indicator, year=2023, target=Decimal(60))
    comuna = Territory.objects.create(name="Comuna 1", kind="comuna")
    elsewhere = Territory.objects.create(name="Comuna 2", kind="comuna")
    publish(indicator, officer_user, planning_user, 45, territories=[comuna])
    for path in [
        "/plan/",
        "/plan/linea/1/",
        f"/plan/programa/{indicator.project.program.code}/",
        f"/plan/proyecto/{indicator.project.code}/",
        # a territory: its own figures, and "sin reporte" where nothing was reported
        f"/plan/?territorio={comuna.pk}",
        f"/plan/linea/1/?territorio={comuna.pk}",
        f"/plan/?territorio={elsewhere.pk}",
        f"/plan/proyecto/{indicator.project.code}/?territorio={elsewhere.pk}",
    ]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    # Keyboard: the month filter works without JavaScript.
    page.goto(live_server.url + "/plan/")
    page.get_by_label("Corte al mes").select_option("2023-12")
    page.get_by_role("button", name="Ver").click()
    assert "mes=2023-12" in page.url
