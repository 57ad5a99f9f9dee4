"""The cut form on screen: numbers read one way (issue 20, item 2), the budget chain with
its column named (item 7), and a correction compared with the published cut (item 7)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from rinde.plan import services
from rinde.plan.models import ProgressReport, ProjectProgress, ReportState
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import finances, publish

pytestmark = pytest.mark.django_db

DEC = date(2023, 12, 1)


@pytest.fixture
def indicator(department):
    return make_plan_tree(department)


@pytest.fixture
def report(indicator, officer_user):
    plan = indicator.project.program.component.line.plan
    return services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=officer_user
    )


def cut_data(indicator, value, money=("1000", "400", "300", "200")):
    prefix = f"p{indicator.project.pk}"
    fields = ("appropriation", "commitments", "obligations", "payments")
    return {
        f"i{indicator.pk}": value,
        **{f"{prefix}-{field}": amount for field, amount in zip(fields, money, strict=True)},
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # The issue: the form read "1.234" as 1.234 while the sheet read 1234.
        ("1.234", Decimal("1234")),
        ("12,5", Decimal("12.5")),
        ("0.125", Decimal("0.125")),
        ("1 234,5", Decimal("1234.5")),
    ],
)
def test_the_form_reads_indicator_values_as_the_sheet_does(
    staff_client, officer_user, entity, indicator, report, typed, stored
):
    response = staff_client(officer_user).post(
        f"/panel/plan/cortes/{report.pk}/", cut_data(indicator, typed)
    )
    assert response.status_code == 302, response.text
    assert report.indicator_values.get().value == stored


def test_money_typed_with_thousands_separators_is_read_and_shown_back(
    staff_client, officer_user, entity, indicator, report
):
    """The issue: "4.917.500.000" typed on screen was an error."""
    client = staff_client(officer_user)
    money = ("$ 4.917.500.000", "4.000.000.000", "3.500.000.000,50", "1.000.000.000")
    response = client.post(f"/panel/plan/cortes/{report.pk}/", cut_data(indicator, "3", money))
    assert response.status_code == 302, response.text
    progress = ProjectProgress.objects.get(report=report)
    assert progress.appropriation == Decimal("4917500000")
    assert progress.obligations == Decimal("3500000000.50")
    html = client.get(f"/panel/plan/cortes/{report.pk}/").text
    assert 'value="4.917.500.000"' in html
    assert 'value="3.500.000.000,5"' in html


def test_an_unreadable_value_is_refused_naming_the_indicator_and_the_writing(
    staff_client, officer_user, entity, indicator, report
):
    response = staff_client(officer_user).post(
        f"/panel/plan/cortes/{report.pk}/", cut_data(indicator, "1.23.4")
    )
    assert response.status_code == 400
    assert f"Indicador {indicator.code}: «1.23.4» no es un número" in response.text
    assert 'value="1.23.4"' in response.text  # what was typed stays
    assert not report.indicator_values.exists()


def test_payments_above_obligations_are_refused_on_the_payments_column(
    staff_client, officer_user, entity, indicator, report
):
    """The issue: payments above obligations were accepted on screen (the form compared
    payments with commitments only)."""
    response = staff_client(officer_user).post(
        f"/panel/plan/cortes/{report.pk}/",
        cut_data(indicator, "1", ("1.000", "800", "600", "700")),
    )
    assert response.status_code == 400
    assert "Pagos: $ 700 superan las obligaciones ($ 600)" in response.text
    assert not ProjectProgress.objects.filter(report=report).exists()


def test_the_database_refuses_a_broken_budget_chain(indicator, report):
    base = {"appropriation": 1000, "commitments": 800, "obligations": 600, "payments": 500}
    for broken in ({"obligations": 900}, {"payments": 700}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProjectProgress.objects.create(
                report=report, project=indicator.project, **{**base, **broken}
            )
    ProjectProgress.objects.create(report=report, project=indicator.project, **base)


def correct(indicator, officer_user, planning_user, value, money):
    first = publish(indicator, officer_user, planning_user, 40)
    correction = services.correct_report(first, actor=officer_user, reason="Pagos mal sumados")
    services.save_report(
        correction,
        actor=officer_user,
        values={indicator.pk: Decimal(value)},
        finances={indicator.project.pk: {**finances(indicator)[indicator.project.pk], **money}},
    )
    services.submit_report(correction, actor=officer_user)
    return first, correction


def test_planning_sees_a_correction_beside_the_published_version(
    staff_client, officer_user, planning_user, entity, indicator
):
    _first, correction = correct(
        indicator, officer_user, planning_user, 30, {"payments": Decimal(250)}
    )
    html = staff_client(planning_user).get(f"/panel/plan/cortes/{correction.pk}/").text
    assert "Comparación con la versión publicada (versión 1)" in html
    assert "2 cifras cambian con esta corrección." in html
    # The indicator: 40 published, 30 corrected, marked in words and not by colour alone.
    assert (
        "<td>40</td><td><mark><strong>30</strong></mark></td><td><strong>Cambia</strong></td>"
        in html
    )
    # Money: only payments changed.
    # Amounts never wrap: a no-break space after "$".
    assert "<td>$\u00a0200</td><td><mark><strong>$\u00a0250</strong></mark></td>" in html
    assert "<td>$\u00a01.000</td><td>$\u00a01.000</td><td>Igual</td>" in html


def test_a_first_version_or_a_published_cut_shows_no_comparison(
    staff_client, officer_user, planning_user, entity, indicator
):
    first, correction = correct(indicator, officer_user, planning_user, 40, {})
    client = staff_client(planning_user)
    assert "0 cifras cambian" in client.get(f"/panel/plan/cortes/{correction.pk}/").text
    assert "Comparación" not in client.get(f"/panel/plan/cortes/{first.pk}/").text
    services.review_report(correction, actor=planning_user, approve=True)
    assert ProgressReport.objects.get(pk=correction.pk).state == ReportState.APPROVED
    assert "Comparación" not in client.get(f"/panel/plan/cortes/{correction.pk}/").text


def test_the_comparison_takes_seven_queries_without_one_per_row(
    staff_client, officer_user, planning_user, entity, indicator, django_assert_num_queries
):
    from rinde.plan.corrections import compare_with_published

    _first, correction = correct(indicator, officer_user, planning_user, 30, {})
    with django_assert_num_queries(7):
        comparison = compare_with_published(correction)
    assert comparison.changed_count == 1
