"""Reporting periods (issue 20, item 5): a plan reports monthly, quarterly or yearly, one
cut per department and period, stored under the period's last month."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rinde.plan import periods, services
from rinde.plan.models import Plan, ProgressReport, ReportingFrequency
from rinde.plan.tests.factories import make_plan_tree

MONTHLY, QUARTERLY, YEARLY = (
    ReportingFrequency.MONTHLY,
    ReportingFrequency.QUARTERLY,
    ReportingFrequency.YEARLY,
)


def plan_of(frequency, start=2024, end=2027) -> Plan:
    # Unsaved and without an entity: the key's default would read the database, which
    # these rules never touch.
    return Plan(
        entity=None, name="P", start_year=start, end_year=end, reporting_frequency=frequency
    )


@pytest.mark.parametrize(
    ("frequency", "count", "first", "last"),
    [
        (MONTHLY, 48, date(2024, 1, 1), date(2027, 12, 1)),
        (QUARTERLY, 16, date(2024, 3, 1), date(2027, 12, 1)),
        (YEARLY, 4, date(2024, 12, 1), date(2027, 12, 1)),
    ],
)
def test_the_periods_of_a_plan(frequency, count, first, last):
    found = periods.periods_of(plan_of(frequency))
    assert (len(found), found[0], found[-1]) == (count, first, last)
    assert found == sorted(found)


@pytest.mark.parametrize(
    ("frequency", "period", "label"),
    [
        (QUARTERLY, date(2024, 3, 1), "2024-T1"),
        (QUARTERLY, date(2025, 12, 1), "2025-T4"),
        (MONTHLY, date(2024, 3, 1), "marzo de 2024"),
        (YEARLY, date(2026, 12, 1), "2026"),
    ],
)
def test_period_labels(frequency, period, label):
    assert periods.period_label(plan_of(frequency), period) == label


@pytest.mark.parametrize(
    ("frequency", "day", "period", "first_month"),
    [
        (QUARTERLY, date(2024, 2, 15), date(2024, 3, 1), date(2024, 1, 1)),
        (QUARTERLY, date(2024, 12, 31), date(2024, 12, 1), date(2024, 10, 1)),
        (MONTHLY, date(2024, 2, 15), date(2024, 2, 1), date(2024, 2, 1)),
        (YEARLY, date(2024, 7, 1), date(2024, 12, 1), date(2024, 1, 1)),
    ],
)
def test_the_period_a_day_falls_in_and_its_first_month(frequency, day, period, first_month):
    plan = plan_of(frequency)
    assert periods.period_of(plan, day) == period
    assert periods.first_month(plan, period) == first_month
    assert periods.is_period(plan, period)


@pytest.mark.parametrize(
    ("frequency", "key", "expected"),
    [
        (QUARTERLY, "2024-06", date(2024, 6, 1)),
        (QUARTERLY, "2024-05", None),  # not the last month of a quarter
        (YEARLY, "2024-12", date(2024, 12, 1)),
        (YEARLY, "2024-06", None),
        (MONTHLY, "2023-12", None),  # before the plan
        (MONTHLY, "diciembre", None),
    ],
)
def test_parse_key_accepts_only_the_plans_periods(frequency, key, expected):
    assert periods.parse_key(plan_of(frequency), key) == expected


def test_the_choices_offer_only_periods_that_have_begun_newest_first():
    plan = plan_of(QUARTERLY)
    assert periods.choices(plan, today=date(2024, 4, 2)) == [
        ("2024-06", "2024-T2"),
        ("2024-03", "2024-T1"),
    ]


@pytest.mark.django_db
def test_a_quarterly_plan_takes_one_cut_per_department_per_quarter(
    department, officer_user, staff_client
):
    """Before: one cut per department per month, so a quarter took three cuts."""
    indicator = make_plan_tree(department)
    plan = indicator.plan
    plan.reporting_frequency = QUARTERLY
    plan.save()
    client = staff_client(officer_user)
    page = client.get("/panel/plan/").text
    assert '<option value="2023-12">2023-T4</option>' in page
    assert 'value="2023-11"' not in page
    response = client.post("/panel/plan/", {"department": department.pk, "period": "2023-03"})
    report = ProgressReport.objects.get()
    assert response["Location"] == f"/panel/plan/cortes/{report.pk}/"
    assert report.period == date(2023, 3, 1)
    # A month inside the quarter is no period of this plan: refused by the form and the rule.
    response = client.post("/panel/plan/", {"department": department.pk, "period": "2023-02"})
    assert response.status_code == 200
    assert "period" in response.context["form"].errors
    assert ProgressReport.objects.count() == 1
    with pytest.raises(ValidationError):
        services.start_report(
            plan=plan, department=department, period=date(2023, 2, 1), actor=officer_user
        )
    # Opening the same quarter again returns the open cut: one per department and period.
    again = services.start_report(
        plan=plan, department=department, period=date(2023, 3, 1), actor=officer_user
    )
    assert again == report
    assert "2023-T1" in client.get("/panel/plan/").text  # the list labels it by quarter
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            plan=plan, department=department, period=date(2023, 3, 1), created_by=officer_user
        )
