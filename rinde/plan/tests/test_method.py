"""The progress method and the territory filter through the stored figures and the public
pages (issue 20, items 3 and 8): each test fails with the rules they replaced."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import TestCase

from rinde.plan import dashboard, figures, services
from rinde.plan.models import Indicator, PlanFigures, Territory, Trend, YearTarget
from rinde.plan.tests.factories import make_plan_tree

pytestmark = pytest.mark.django_db


def publish(department, officer, planner, period, values, territories=()):
    """Approve one cut of `department` with {indicator: value}, its projects listing
    `territories`."""
    indicators = list(values)
    plan = indicators[0].project.program.component.line.plan
    report = services.start_report(plan=plan, department=department, period=period, actor=officer)
    projects = {i.project_id for i in indicators}
    services.save_report(
        report,
        actor=officer,
        values={i.pk: Decimal(v) for i, v in values.items()},
        finances={
            pk: {
                "appropriation": Decimal(1000),
                "commitments": Decimal(400),
                "obligations": Decimal(300),
                "payments": Decimal(200),
                "achievements": "",
                "difficulties": "",
                "evidence_url": "",
                "territories": list(territories),
            }
            for pk in projects
        },
    )
    services.submit_report(report, actor=officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.review_report(report, actor=planner, approve=True)


def stored(plan, period, scope="plan"):
    return PlanFigures.objects.get(plan=plan, scope=scope, period=period)


def test_the_year_is_measured_against_its_programmed_target(
    client, entity, department, officer_user, planning_user
):
    """Defect: yearly targets were stored but never used."""
    indicator = make_plan_tree(department)  # plan 2020-2023, four-year target 100
    plan = indicator.project.program.component.line.plan
    YearTarget.objects.create(indicator=indicator, year=2023, target=Decimal(40))
    publish(department, officer_user, planning_user, date(2023, 12, 1), {indicator: 20})
    december = stored(plan, date(2023, 12, 1))
    assert december.year_progress == Decimal("0.5")  # 20 of the 40 programmed for 2023
    assert december.progress == Decimal("0.2")  # 20 of 100
    html = client.get("/plan/").text
    assert "Avance del año 2023 (vigencia)" in html
    assert "<strong>50 %</strong>" in html and "<strong>20 %</strong>" in html
    assert "Avance esperado a diciembre de 2023: 100 % del año y 100 % del cuatrienio." in html


def test_a_maintain_goal_does_not_pull_the_plan_down_when_a_year_starts(
    department, officer_user, planning_user
):
    """Defect: maintain goals (a level that restarts each year) were averaged with increase
    goals (cumulative), so the plan's figure fell when a new year began."""
    build = make_plan_tree(department)  # increase, target 100
    keep = Indicator.objects.create(
        project=build.project,
        code="1.1.1.keep",
        name="Cupos sostenidos",
        unit="cupos",
        trend=Trend.MAINTAIN,
        baseline=Decimal(100),
        target=Decimal(100),
    )
    plan = build.project.program.component.line.plan
    for period, built, level in [
        (date(2020, 12, 1), 25, 100),
        (date(2021, 12, 1), 25, 100),
        (date(2022, 3, 1), 5, 20),  # the new year's level is still low in March
    ]:
        publish(department, officer_user, planning_user, period, {build: built, keep: level})
    december, march = stored(plan, date(2021, 12, 1)), stored(plan, date(2022, 3, 1))
    # December 2021: built 50 of 100; kept 2020 and 2021 in full = 24 of 48 months.
    assert december.progress == Decimal("0.5")
    # March 2022: built 55; kept 12 + 12 + 3 × 0.2 = 24.6 of 48 months = 0.5125.
    # (The old rule: (0.55 + 20/100) / 2 = 0.375, down from 0.75.)
    assert march.progress == (Decimal("0.55") + Decimal("0.5125")) / 2
    assert march.progress > december.progress


def test_the_light_compares_with_the_progress_expected_at_that_date(
    client, entity, department, officer_user, planning_user
):
    """Defect: the light said "fracción del avance esperado" but used absolute progress."""
    indicator = make_plan_tree(department)  # plan 2020-2023
    publish(department, officer_user, planning_user, date(2021, 12, 1), {indicator: 45})
    html = client.get("/plan/").text
    # 45 % when half the plan's months (24 of 48) are gone: 0.9 of the expected → green.
    assert "<strong>45 %</strong>" in html
    assert "Verde" in html and "Rojo" not in html
    assert "Avance esperado a diciembre de 2021: 50 % del cuatrienio" in html


def test_the_programmed_curve_is_chosen_per_plan(department, officer_user, planning_user):
    indicator = make_plan_tree(department)
    plan = indicator.project.program.component.line.plan
    for year, target in [(2020, 10), (2021, 10), (2022, 40), (2023, 40)]:
        YearTarget.objects.create(indicator=indicator, year=year, target=Decimal(target))
    publish(department, officer_user, planning_user, date(2021, 12, 1), {indicator: 18})
    assert stored(plan, date(2021, 12, 1)).expected == Decimal("0.5")  # linear: 24 of 48
    plan.expected_curve = "programmed"
    plan.save()
    figures.rebuild(plan)
    assert stored(plan, date(2021, 12, 1)).expected == Decimal("0.2")  # 10 + 10 of 100
    node = figures.of_row(plan, plan, stored(plan, date(2021, 12, 1)))
    assert node.light == "green"  # 18 % of the 20 % programmed


@pytest.fixture
def comunas(entity):
    return [Territory.objects.create(name=f"Comuna {n}", kind="comuna") for n in (1, 2, 3)]


def test_a_territory_shows_only_what_was_reported_for_it(
    client, entity, department, officer_user, planning_user, comunas
):
    """Defect: every comuna showed the city-wide figures."""
    one, two, three = comunas
    indicator = make_plan_tree(department)  # increase, target 100
    plan = indicator.project.program.component.line.plan
    publish(department, officer_user, planning_user, date(2023, 11, 1), {indicator: 10}, [one])
    publish(department, officer_user, planning_user, date(2023, 12, 1), {indicator: 30}, [two])
    december = date(2023, 12, 1)
    assert stored(plan, december).progress == Decimal("0.4")  # the whole city: 40 of 100
    assert stored(plan, december, figures.territory_scope(one.pk)).progress == Decimal("0.1")
    assert stored(plan, december, figures.territory_scope(two.pk)).progress == Decimal("0.3")
    assert not PlanFigures.objects.filter(scope=figures.territory_scope(three.pk)).exists()

    page = client.get(f"/plan/?territorio={one.pk}").text
    assert "<strong>10 %</strong>" in page and "<strong>40 %</strong>" not in page
    assert "por eso no lleva semáforo" in page
    nothing = client.get(f"/plan/?territorio={three.pk}").text
    assert "Sin reporte" in nothing and "<strong>40 %</strong>" not in nothing

    project = client.get(f"/plan/proyecto/{indicator.project.code}/?territorio={one.pk}").text
    assert "Noviembre de 2023" in project and "Diciembre de 2023" not in project
    project = client.get(f"/plan/proyecto/{indicator.project.code}/?territorio={three.pk}").text
    assert "sin reporte" in project.lower() and "Noviembre de 2023" not in project
    city = client.get(f"/plan/proyecto/{indicator.project.code}/").text
    assert "Noviembre de 2023" in city and "Diciembre de 2023" in city


def test_a_project_not_reported_in_the_territory_says_sin_reporte(
    client, entity, department, officer_user, planning_user, comunas
):
    one = comunas[0]
    here = make_plan_tree(department)
    there = Indicator.objects.create(
        project=here.project, code="1.1.1.x", name="Otra meta", unit="u", target=Decimal(10)
    )
    # one indicator reported for the comuna, the other only city-wide in another cut
    publish(department, officer_user, planning_user, date(2023, 11, 1), {here: 10}, [one])
    publish(department, officer_user, planning_user, date(2023, 12, 1), {there: 5})
    plan = here.project.program.component.line.plan
    # In the comuna: only `here` (10 of 100); `there` has no report there and stays out.
    assert stored(plan, date(2023, 12, 1), figures.territory_scope(one.pk)).progress == Decimal(
        "0.1"
    )
    project = client.get(f"/plan/proyecto/{here.project.code}/?territorio={one.pk}").text
    assert "sin reporte" in project


def test_stored_figures_equal_the_roll_up_from_scratch_for_every_scope(
    department, officer_user, planning_user, comunas
):
    """figures.rebuild's one pass gives, month by month and scope by scope (territories
    included), every figure dashboard.compute gives from scratch."""
    one, two, _three = comunas
    build = make_plan_tree(department)
    keep = Indicator.objects.create(
        project=build.project,
        code="1.1.1.keep",
        name="Cupos",
        unit="cupos",
        trend=Trend.MAINTAIN,
        target=Decimal(50),
    )
    YearTarget.objects.create(indicator=build, year=2023, target=Decimal(30))
    plan = build.project.program.component.line.plan
    for month, (a, b, places) in enumerate(
        [(10, 45, [one]), (0, 40, [one, two]), (25, 30, [two])], start=10
    ):
        publish(
            department,
            officer_user,
            planning_user,
            date(2022 + (month > 11), month if month <= 11 else 1, 1),
            {build: a, keep: b},
            places,
        )
    figures.rebuild(plan)
    data = dashboard.load(plan)
    rows = list(PlanFigures.objects.filter(plan=plan))
    assert {r.scope for r in rows} >= {"plan", f"ter-{one.pk}", f"ter-{two.pk}"}

    def q(value):
        return None if value is None else value.quantize(Decimal("0.000001"))

    for row in rows:
        kind, _sep, pk = row.scope.partition("-")
        root, _f = dashboard.compute(
            plan,
            data,
            row.period,
            department_id=int(pk) if kind == "dep" else None,
            territory_id=int(pk) if kind == "ter" else None,
        )
        got = (row.progress, row.expected, row.year_progress, row.year_expected)
        want = tuple(
            q(v) for v in (root.progress, root.expected, root.year_progress, root.year_expected)
        )
        assert got == want, (row.scope, row.period)
        assert row.appropriation == root.appropriation, (row.scope, row.period)


def test_a_plan_adopted_mid_year_expects_progress_from_its_first_month(
    department, officer_user, planning_user
):
    indicator = make_plan_tree(department)  # 2020-2023
    plan = indicator.project.program.component.line.plan
    plan.start_month = 7  # adopted in July 2020: 6 + 36 = 42 months
    plan.save()
    YearTarget.objects.create(indicator=indicator, year=2020, target=Decimal(10))
    publish(department, officer_user, planning_user, date(2020, 9, 1), {indicator: 5})
    september = stored(plan, date(2020, 9, 1))
    assert september.year_expected == Decimal("0.5")  # July-September of July-December
    assert september.expected == (Decimal(3) / 42).quantize(Decimal("0.000001"))
    assert september.year_progress == Decimal("0.5")  # 5 of the 10 programmed for 2020
    # the first stored month is the plan's first month
    assert PlanFigures.objects.filter(plan=plan, scope="plan").earliest("period").period == date(
        2020, 7, 1
    )


def test_a_goal_another_department_answers_for_counts_in_that_departments_figures(
    department, other_department, planning_user
):
    """A BPIN project shared by several departments: the goal one of them answers for is in
    its cut and in its figures, not in the project's department's."""
    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user

    indicator = make_plan_tree(department)
    Indicator.objects.filter(pk=indicator.pk).update(department=other_department)
    plan = indicator.project.program.component.line.plan
    officer = make_user(Role.OFFICER, departments=[other_department])
    report = services.start_report(
        plan=plan, department=other_department, period=date(2023, 12, 1), actor=officer
    )
    services.save_report(report, actor=officer, values={indicator.pk: Decimal(30)}, finances={})
    services.submit_report(report, actor=officer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.review_report(report, actor=planning_user, approve=True)
    answering = stored(plan, date(2023, 12, 1), figures.department_scope(other_department.pk))
    assert answering.progress == Decimal("0.3")
    assert not PlanFigures.objects.filter(
        plan=plan, scope=figures.department_scope(department.pk)
    ).exists()
