from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from rinde.core.models import AuditEntry
from rinde.plan import dashboard, services
from rinde.plan.models import ProgressReport, ReportState
from rinde.plan.tests.factories import make_plan_tree

pytestmark = pytest.mark.django_db

DEC = date(2023, 12, 1)


@pytest.fixture
def indicator(department):
    return make_plan_tree(department)


def finances(indicator, territories=()):
    return {
        indicator.project.pk: {
            "appropriation": Decimal(1000),
            "commitments": Decimal(400),
            "obligations": Decimal(300),
            "payments": Decimal(200),
            "achievements": "",
            "difficulties": "",
            "evidence_url": "",
            "territories": list(territories),
        }
    }


def publish(indicator, officer, planner, value, period=DEC, territories=()):
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=period, actor=officer
    )
    services.save_report(
        report,
        actor=officer,
        values={indicator.pk: Decimal(value)},
        finances=finances(indicator, territories),
    )
    services.submit_report(report, actor=officer)
    # The approval recomputes the public figures in a task enqueued on commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.review_report(report, actor=planner, approve=True)


def progress(indicator, as_of=DEC):
    plan = indicator.project.program.component.line.plan
    root, _figures = dashboard.compute(plan, dashboard.load(plan), as_of)
    return root


def test_only_approved_cuts_count(indicator, officer_user, planning_user):
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=officer_user
    )
    services.save_report(
        report, actor=officer_user, values={indicator.pk: Decimal(40)}, finances={}
    )
    services.submit_report(report, actor=officer_user)
    assert dashboard.published_periods(plan) == []
    services.review_report(report, actor=planning_user, approve=True)
    root = progress(indicator)
    assert root.progress == Decimal("0.4")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "plan.report.start",
        "plan.report.save",
        "plan.report.submit",
        "plan.report.approve",
    } <= actions


def test_an_officer_reports_only_for_their_department(indicator, officer_user, other_department):
    plan = indicator.project.program.component.line.plan
    with pytest.raises(PermissionDenied):
        services.start_report(
            plan=plan, department=other_department, period=DEC, actor=officer_user
        )


def test_an_officer_cannot_slip_in_another_departments_indicator(
    indicator, officer_user, other_department
):
    foreign = make_plan_tree(other_department, code="2")
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=officer_user
    )
    with pytest.raises(PermissionDenied):
        services.save_report(
            report, actor=officer_user, values={foreign.pk: Decimal(1)}, finances={}
        )


def test_returning_needs_a_comment(indicator, officer_user, planning_user):
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=officer_user
    )
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(1)}, finances={})
    services.submit_report(report, actor=officer_user)
    with pytest.raises(ValidationError):
        services.review_report(report, actor=planning_user, approve=False, comment="")
    report = services.review_report(
        report, actor=planning_user, approve=False, comment="Falta la evidencia"
    )
    assert report.state == ReportState.RETURNED
    # Returned cuts can be edited and sent again.
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(2)}, finances={})
    assert services.submit_report(report, actor=officer_user).state == ReportState.SUBMITTED


def test_an_empty_cut_cannot_be_sent(indicator, officer_user):
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=officer_user
    )
    with pytest.raises(ValidationError, match="vacío"):
        services.submit_report(report, actor=officer_user)


def test_a_correction_is_a_new_version_and_the_old_stays_visible(
    indicator, officer_user, planning_user, client, entity
):
    first = publish(indicator, officer_user, planning_user, 40)
    with pytest.raises(ValidationError):
        services.save_report(
            first, actor=officer_user, values={indicator.pk: Decimal(99)}, finances={}
        )
    correction = services.correct_report(
        first, actor=officer_user, reason="Se contó dos veces una obra"
    )
    assert correction.version == 2
    assert correction.indicator_values.get().value == Decimal(40)
    services.save_report(
        correction,
        actor=officer_user,
        values={indicator.pk: Decimal(30)},
        finances=finances(indicator),
    )
    services.submit_report(correction, actor=officer_user)
    services.review_report(correction, actor=planning_user, approve=True)
    first.refresh_from_db()
    assert first.state == ReportState.SUPERSEDED
    assert progress(indicator).progress == Decimal("0.3")
    page = client.get(f"/plan/proyecto/{indicator.project.code}/").text
    assert "Se contó dos veces una obra" in page
    assert "reemplazada por una corrección" in page
    assert ProgressReport.objects.filter(state=ReportState.APPROVED).count() == 1


def test_a_published_month_cannot_be_reopened(indicator, officer_user, planning_user):
    publish(indicator, officer_user, planning_user, 10)
    plan = indicator.project.program.component.line.plan
    with pytest.raises(ValidationError, match="Corregir"):
        services.start_report(
            plan=plan, department=indicator.project.department, period=DEC, actor=officer_user
        )


def test_financial_execution_rolls_up(indicator, officer_user, planning_user):
    publish(indicator, officer_user, planning_user, 10)
    root = progress(indicator)
    assert root.appropriation == Decimal(1000)
    assert root.financial == Decimal("0.4")


def test_values_accumulate_month_by_month(indicator, officer_user, planning_user):
    publish(indicator, officer_user, planning_user, 10, period=date(2023, 10, 1))
    publish(indicator, officer_user, planning_user, 15, period=date(2023, 11, 1))
    assert progress(indicator, date(2023, 10, 1)).progress == Decimal("0.1")
    assert progress(indicator, date(2023, 11, 1)).progress == Decimal("0.25")


def test_stored_figures_match_the_live_roll_up_for_every_month_and_scope(
    department, officer_user, planning_user
):
    """The incremental pass of figures.rebuild must give what dashboard.compute gives
    from scratch, month by month, for the plan and for each department."""
    from rinde.entity.tests.factories import make_department
    from rinde.plan import figures
    from rinde.plan.models import PlanFigures, Trend

    increase = make_plan_tree(department)
    other = make_department("Secretaría de Salud", code="salud")
    reduce = make_plan_tree(other, code="2", trend=Trend.REDUCE, baseline=50, target=10)
    other_officer = make_user_for(other)
    plan = increase.project.program.component.line.plan
    for month, (a, b) in enumerate([(10, 45), (0, 40), (25, 30)], start=10):
        publish(increase, officer_user, planning_user, a, period=date(2023, month, 1))
        publish(reduce, other_officer, planning_user, b, period=date(2023, month, 1))
    assert PlanFigures.objects.filter(plan=plan).exists()
    figures.rebuild(plan)
    data = dashboard.load(plan)
    for row in PlanFigures.objects.filter(plan=plan):
        department_id = None
        if row.scope.startswith("dep-"):
            department_id = int(row.scope.removeprefix("dep-"))
        root, _f = dashboard.compute(plan, data, row.period, department_id=department_id)
        expected = None if root.progress is None else root.progress.quantize(Decimal("0.000001"))
        assert row.progress == expected, (row.scope, row.period)
        assert row.detail["plan"][1] == str(root.appropriation)
    december = PlanFigures.objects.get(plan=plan, scope="plan", period=date(2023, 12, 1))
    # increase: 35 of 100; reduce: from 50 down to 30 of the way to 10 → 20/40.
    assert december.progress == (Decimal("0.35") + Decimal("0.5")) / 2


def make_user_for(department):
    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user

    return make_user(Role.OFFICER, departments=[department])


def test_changing_a_weight_in_the_admin_recomputes_the_stored_figures(
    department, officer_user, planning_user, admin_user, staff_client
):
    from django.core.management import call_command

    from rinde.plan.models import Indicator, PlanFigures

    first = make_plan_tree(department)
    second = Indicator.objects.create(
        project=first.project, code="X.2", name="Otra", unit="u", target=Decimal(100)
    )
    plan = first.project.program.component.line.plan
    report = services.start_report(plan=plan, department=department, period=DEC, actor=officer_user)
    services.save_report(
        report,
        actor=officer_user,
        values={first.pk: Decimal(100), second.pk: Decimal(0)},
        finances={},
    )
    services.submit_report(report, actor=officer_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.review_report(report, actor=planning_user, approve=True)

    def stored():
        return PlanFigures.objects.get(plan=plan, scope="plan", period=DEC).progress

    assert stored() == Decimal("0.5")
    client = staff_client(admin_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            f"/panel/admin/plan/indicator/{second.pk}/change/",
            {
                "project": second.project_id,
                "code": second.code,
                "mga_code": "",
                "name": second.name,
                "unit": second.unit,
                "trend": second.trend,
                "baseline": "0",
                "target": "1.000,0",  # Colombian writing, as in every plan form
                "weight": "3",  # now (1 × 100 % + 3 × 0 %) / 4
            },
        )
    assert response.status_code == 302, response.content[:2000]
    second.refresh_from_db()
    assert second.target == Decimal(1000)
    assert stored() == Decimal("0.25")
    PlanFigures.objects.all().delete()
    call_command("rebuild_plan_figures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored() == Decimal("0.25")
