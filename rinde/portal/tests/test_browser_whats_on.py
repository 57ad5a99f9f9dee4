"""The home page's year-round sections and the demonstration banner pass axe-core."""

import pytest
from django.utils import timezone

from rinde.core.tests.browser import axe_violations
from rinde.evaluation.models import EvaluationReport
from rinde.portal.tests.test_home_whats_on import exercise_with_steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_with_open_steps_figures_and_the_demo_banner_has_no_axe_violations(
    live_server, page, entity, settings, planning_user
):
    settings.DEMO_MODE = True
    now = timezone.now()
    exercise, _hearing = exercise_with_steps(now.year, now)
    EvaluationReport.objects.create(
        exercise=exercise,
        state=EvaluationReport.State.PUBLISHED,
        figures={"questions": {"received": 41, "answered": 39, "on_time": 37}},
        created_by=planning_user,
        published_at=now,
    )
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Participe ahora").is_visible()
    assert page.get_by_role("heading", name="Lo que viene").is_visible()
    assert page.get_by_role("complementary", name="Aviso de demostración").is_visible()
    assert axe_violations(page) == []
    page.goto(live_server.url + f"/rendicion/{exercise.slug}/en-vivo/")
    assert axe_violations(page) == []
