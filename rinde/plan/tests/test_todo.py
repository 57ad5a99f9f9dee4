"""The plan in the staff to-do list: cuts to review or correct, the year's action plan."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.entity import scoping
from rinde.plan import action_plan, todo
from rinde.plan.models import ActionPlan, Plan, ProgressReport, ReportState

pytestmark = pytest.mark.django_db
TODAY = date(2023, 3, 10)


@pytest.fixture
def plan(db):
    return Plan.objects.create(name="Plan", start_year=2020, end_year=2023, is_current=True)


def _cut(plan, department, state, month, author):
    return ProgressReport.objects.create(
        plan=plan,
        department=department,
        period=date(2023, month, 1),
        state=state,
        created_by=author,
    )


def test_planning_reviews_submitted_cuts_and_officers_correct_returned_ones(
    entity, plan, planning_user, officer_user, department, other_department
):
    _cut(plan, department, ReportState.SUBMITTED, 1, officer_user)
    returned = _cut(plan, department, ReportState.RETURNED, 2, officer_user)
    _cut(plan, other_department, ReportState.RETURNED, 2, planning_user)
    _cut(plan, department, ReportState.APPROVED, 3, officer_user)
    officer = todo.pending_for(officer_user, TODAY)
    assert [(i.what, i.url) for i in officer] == [
        (
            f"Corregir el corte de {department.name} de febrero de 2023",
            f"/panel/plan/cortes/{returned.pk}/",
        )
    ]
    planning = [i.what for i in todo.pending_for(planning_user, TODAY)]
    assert f"Revisar el corte de {department.name} de enero de 2023" in planning
    assert not any(w.startswith("Corregir") for w in planning)


def test_the_action_plan_is_pending_for_planning_until_published(entity, plan, planning_user):
    items = [i for i in todo.pending_for(planning_user, TODAY) if i.menu == "plan:staff_plans"]
    assert [(i.what, i.due_on) for i in items] == [
        ("Publicar el Plan de Acción 2023", action_plan.deadline(2023))
    ]
    ActionPlan.objects.create(
        plan=plan, year=2023, state=ActionPlan.State.PUBLISHED, generated_by=planning_user
    )
    assert [i for i in todo.pending_for(planning_user, TODAY) if i.menu == "plan:staff_plans"] == []


def test_the_query_count_does_not_grow_with_the_cuts(entity, plan, department, other_department):
    admin = make_user(Role.ADMIN, username="jefa")
    _cut(plan, department, ReportState.SUBMITTED, 1, admin)
    with scoping.activate(entity):
        todo.pending_for(admin, TODAY)  # the role, read once per request
    # Measured as the panel runs it: inside its request's entity.
    with scoping.activate(entity), CaptureQueriesContext(connection) as few:
        todo.pending_for(admin, TODAY)
    for month in range(2, 8):
        _cut(plan, other_department, ReportState.RETURNED, month, admin)
        _cut(plan, department, ReportState.SUBMITTED, month, admin)
    with scoping.activate(entity), CaptureQueriesContext(connection) as many:
        assert len(todo.pending_for(admin, TODAY)) == 14
    assert len(many) == len(few)
