"""The yearly action plan (issue 20, item 9; Ley 1474 de 2011 art. 74)."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from rinde.core.models import AuditEntry
from rinde.plan import action_plan
from rinde.plan.models import ActionPlan, YearTarget
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(department):
    indicator = make_plan_tree(department, target=100, baseline=3)
    YearTarget.objects.create(indicator=indicator, year=2023, target=Decimal("25.5"))
    return indicator


def test_the_draft_holds_the_years_targets_projects_and_budget(
    indicator, officer_user, planning_user
):
    publish(indicator, officer_user, planning_user, 10)  # appropriation 1000 in Dec 2023
    second = indicator.project.indicators.create(code="X.2", name="Sin meta", unit="u", target=4)
    draft = action_plan.generate(indicator.plan, 2023, actor=planning_user)
    assert draft.state == ActionPlan.State.DRAFT
    [line] = draft.content["lines"]
    [program] = line["programs"]
    [project] = program["projects"]
    assert (project["code"], project["department"], project["appropriation"]) == (
        indicator.project.code,
        indicator.project.department.name,
        "1000.00",
    )
    assert [(i["code"], i["year_target"], i["target"]) for i in project["indicators"]] == [
        (indicator.code, "25.5000", "100.0000"),
        (second.code, None, "4.0000"),
    ]
    assert draft.content["totals"] == {
        "projects": 1,
        "indicators": 2,
        "without_year_target": 1,
        "appropriation": "1000.00",
    }
    # No approved cut in 2022: no budget for that year rather than another year's.
    earlier = action_plan.generate(indicator.plan, 2022, actor=planning_user)
    assert earlier.content["lines"][0]["programs"][0]["projects"][0]["appropriation"] is None
    assert AuditEntry.objects.filter(action="plan.action_plan.generate").count() == 2


def test_only_planning_generates_and_only_years_of_the_plan(indicator, officer_user, planning_user):
    with pytest.raises(PermissionDenied):
        action_plan.generate(indicator.plan, 2023, actor=officer_user)
    with pytest.raises(ValidationError):
        action_plan.generate(indicator.plan, 2024, actor=planning_user)


def test_review_then_publish_freezes_the_document(client, entity, indicator, planning_user):
    plan = indicator.plan
    url = "/plan/2020-2023/plan-de-accion/2023/"
    action_plan.generate(plan, 2023, actor=planning_user)
    assert client.get(url).status_code == 404  # a draft is not public
    # Generated again while a draft: it follows the plan.
    YearTarget.objects.filter(indicator=indicator, year=2023).update(target=Decimal(30))
    draft = action_plan.generate(plan, 2023, actor=planning_user)
    assert ActionPlan.objects.count() == 1
    assert draft.content["lines"][0]["programs"][0]["projects"][0]["indicators"][0][
        "year_target"
    ] == ("30.0000")
    action_plan.publish(draft, actor=planning_user)
    page = client.get(url)
    assert page.status_code == 200
    assert indicator.name in page.text and "Plan de Acción 2023" in page.text
    # Published: later changes to the plan do not rewrite it, and it is not generated again.
    YearTarget.objects.filter(indicator=indicator, year=2023).update(target=Decimal(99))
    with pytest.raises(ValidationError):
        action_plan.generate(plan, 2023, actor=planning_user)
    with pytest.raises(ValidationError):
        action_plan.publish(draft, actor=planning_user)
    assert ">30<" in client.get(url).text
    # Listed on the plan's dashboard.
    assert f'href="{url}"' in client.get("/plan/").text


def test_the_published_document_downloads_as_a_spreadsheet(client, indicator, planning_user):
    draft = action_plan.generate(indicator.plan, 2023, actor=planning_user)
    action_plan.publish(draft, actor=planning_user)
    response = client.get("/plan/2020-2023/plan-de-accion/2023/plan-de-accion.xlsx")
    assert response.status_code == 200
    assert "plan-de-accion-2020-2023-2023.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(action_plan.HEADERS)
    assert rows[1][2] == indicator.project.code
    assert rows[1][7:] == (indicator.code, indicator.name, "obras", "Incremento (I)", 3, 100, 25.5)
    assert len(rows) == 2


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2023, 1, 1), {"year": 2023, "overdue": False}),
        (date(2023, 1, 31), {"year": 2023, "overdue": False}),
        (date(2023, 2, 1), {"year": 2023, "overdue": True}),
        (date(2024, 1, 5), None),  # after the plan's years
    ],
)
def test_the_warning_runs_from_january_until_published(indicator, today, expected):
    notice = action_plan.due_notice(indicator.plan, today)
    if expected is None:
        assert notice is None
    else:
        assert {k: notice[k] for k in expected} == expected
        assert notice["deadline"] == date(today.year, 1, 31)


def test_planning_is_warned_in_the_panel_until_it_is_published(
    staff_client, indicator, planning_user
):
    client = staff_client(planning_user)
    with time_machine.travel(date(2023, 1, 3)):
        for path in ("/panel/plan/", "/panel/plan/planes/"):
            page = client.get(path).text
            assert "El Plan de Acción 2023 debe publicarse a más tardar el 31 de enero" in page
        client.post(
            f"/panel/plan/planes/{indicator.plan.pk}/plan-de-accion/2023/",
            {"action": "generate"},
        )
        assert "Plan de Acción 2023 debe" in client.get("/panel/plan/").text  # a draft
        client.post(
            f"/panel/plan/planes/{indicator.plan.pk}/plan-de-accion/2023/",
            {"action": "publish"},
        )
        assert ActionPlan.objects.get().state == ActionPlan.State.PUBLISHED
        assert "Plan de Acción 2023 debe" not in client.get("/panel/plan/").text
