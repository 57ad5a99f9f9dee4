"""A cut's save records which figures changed, before and after, not only counts."""

from datetime import date
from decimal import Decimal

import pytest

from rinde.core.models import AuditEntry
from rinde.plan import services
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import finances

pytestmark = pytest.mark.django_db


def test_a_cut_save_records_the_figures_that_changed(department, officer_user):
    indicator = make_plan_tree(department)
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    money = finances(indicator)
    services.save_report(
        report, actor=officer_user, values={indicator.pk: Decimal(40)}, finances=money
    )
    money = finances(indicator)
    money[indicator.project.pk]["payments"] = Decimal(250)
    services.save_report(
        report, actor=officer_user, values={indicator.pk: Decimal(55)}, finances=money
    )
    first, second = AuditEntry.objects.filter(action="plan.report.save").order_by("pk")
    code, project = indicator.code, indicator.project.code
    assert first.changes[f"indicador {code}"][0] is None
    assert Decimal(first.changes[f"indicador {code}"][1]) == 40
    # The second save changed one indicator value and one amount; nothing else is listed.
    changed = {k: v for k, v in second.changes.items() if k not in ("indicators", "projects")}
    assert set(changed) == {f"indicador {code}", f"proyecto {project} payments"}
    assert [Decimal(v) for v in changed[f"indicador {code}"]] == [40, 55]
    assert [Decimal(v) for v in changed[f"proyecto {project} payments"]] == [200, 250]


def test_submitting_and_returning_a_cut_record_the_state_before_and_after(
    department, officer_user, planning_user
):
    indicator = make_plan_tree(department)
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(1)}, finances={})
    services.submit_report(report, actor=officer_user)
    services.review_report(report, actor=planning_user, approve=False, comment="Falta soporte")
    submit = AuditEntry.objects.get(action="plan.report.submit")
    returned = AuditEntry.objects.get(action="plan.report.return")
    assert submit.changes == {"state": ["draft", "submitted"]}
    assert returned.changes == {"comment": "Falta soporte", "state": ["submitted", "returned"]}


def test_saving_the_same_figures_again_records_none(department, officer_user):
    # The figures after a save are built from the values written, not read back: they
    # must match the column's own form (decimal places, defaults for amounts left out),
    # or every unchanged figure would show up as changed.
    indicator = make_plan_tree(department)
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    values = {indicator.pk: Decimal("12.5")}
    money = {indicator.project.pk: {"appropriation": 1_000, "commitments": Decimal("10.25")}}
    for _ in range(2):
        services.save_report(
            report,
            actor=officer_user,
            values=values,
            finances={pk: dict(data) for pk, data in money.items()},
        )
    first, second = AuditEntry.objects.filter(action="plan.report.save").order_by("pk")
    project = indicator.project.code
    assert Decimal(first.changes[f"indicador {indicator.code}"][1]) == Decimal("12.5")
    assert Decimal(first.changes[f"proyecto {project} payments"][1]) == 0
    assert second.changes == {"indicators": 1, "projects": 1}
