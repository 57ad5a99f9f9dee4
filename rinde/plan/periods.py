"""A plan's reporting periods: monthly, quarterly or yearly cuts.

A cut's `period` is always the first day of the LAST month it covers: a quarterly cut for
January–March is stored as 1 March, a yearly one as 1 December. Month-based figures and
the one-cut-per-department-per-period constraint keep working whatever the frequency.
"""

from datetime import date

from django.utils.translation import gettext as _

from rinde.core import formatting
from rinde.plan.models import Plan, ReportingFrequency

# Months a period spans, per frequency.
SPAN = {
    ReportingFrequency.MONTHLY: 1,
    ReportingFrequency.QUARTERLY: 3,
    ReportingFrequency.YEARLY: 12,
}


def span(plan: Plan) -> int:
    return SPAN[ReportingFrequency(plan.reporting_frequency)]


def periods_of(plan: Plan) -> list[date]:
    """Every period of the plan, oldest first, each as its last month's first day."""
    step = span(plan)
    return [date(year, month, 1) for year in plan.years for month in range(step, 13, step)]


def is_period(plan: Plan, period: date) -> bool:
    return (
        period.day == 1
        and plan.start_year <= period.year <= plan.end_year
        and period.month % span(plan) == 0
    )


def first_month(plan: Plan, period: date) -> date:
    """The first month a period covers (1 January for the first quarter)."""
    return date(period.year, period.month - span(plan) + 1, 1)


def period_of(plan: Plan, day: date) -> date:
    """The period a day falls in: 15 February 2024 → 1 March 2024 in a quarterly plan."""
    step = span(plan)
    return date(day.year, ((day.month - 1) // step + 1) * step, 1)


def period_label(plan: Plan, period: date) -> str:
    """«2024-T1» (quarterly), «marzo de 2024» (monthly), «2024» (yearly)."""
    frequency = ReportingFrequency(plan.reporting_frequency)
    if frequency == ReportingFrequency.QUARTERLY:
        return _("%(year)s-T%(quarter)s") % {"year": period.year, "quarter": period.month // 3}
    if frequency == ReportingFrequency.YEARLY:
        return str(period.year)
    return formatting.month_year(period)


def period_key(period: date) -> str:
    """The form value of a period: «2024-03», the month the cut is stored under."""
    return f"{period:%Y-%m}"


def choices(plan: Plan, *, today: date) -> list[tuple[str, str]]:
    """The periods a cut can be opened for, newest first: those that have begun by today
    (a cut reports what happened, so future periods are left out)."""
    begun = [p for p in periods_of(plan) if first_month(plan, p) <= today]
    return [(period_key(p), period_label(plan, p)) for p in reversed(begun)]


def parse_key(plan: Plan, value: str) -> date | None:
    """«2024-03» → 1 March 2024 when it is one of the plan's periods, else None."""
    try:
        year, month = (int(part) for part in value.split("-"))
        period = date(year, month, 1)
    except ValueError:
        return None
    return period if is_period(plan, period) else None
