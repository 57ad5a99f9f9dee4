from datetime import date

import pytest

from rinde.core.tests.browser import axe_violations
from rinde.exercises.tests.factories import make_exercise
from rinde.improvements.models import ImprovementAction, Origin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_improvement_plan_has_no_axe_violations(
    live_server, page, entity, department, planning_user
):
    exercise = make_exercise()
    ImprovementAction.objects.create(
        exercise=exercise,
        description="Ampliar el tiempo de intervenciones",
        origin=Origin.OTHER,
        origin_detail="Evaluación",
        department=department,
        due_on=date(2024, 1, 31),
        created_by=planning_user,
    )
    page.goto(live_server.url + "/rendicion/2023/mejoramiento/")
    assert "Ampliar el tiempo de intervenciones" in page.content()
    assert axe_violations(page) == []
