"""Development-plan progress: a pure module (no database), documented in docs/plan-rules.md.

Two figures per goal, as the national method reads a Plan Indicativo: the progress of the
year (vigencia) against the year's programmed target, and the progress of the four-year
plan (cuatrienio) against its four-year target; each one compared with the progress
expected at that date for its traffic light.

Percentages are Decimals between 0 and 1, or None when a figure cannot be measured (no
target, or a target equal to the baseline for a level goal). None never counts as zero:
it is left out of weighted averages, so a missing figure does not drag a project down.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ZERO, ONE = Decimal(0), Decimal(1)
INCREASE, MAINTAIN, REDUCE = "increase", "maintain", "reduce"
# How an increase goal's reports add up (DNP's "tipo de acumulación"): a flow counts new
# units each period (the sum counts), a stock states the level reached (the latest counts).
FLOW, STOCK = "flow", "stock"
# The expected-progress curve of a plan: time elapsed, or the programmed yearly targets.
LINEAR, PROGRAMMED = "linear", "programmed"
INCREASE_FLOW = f"{INCREASE}-{FLOW}"


def cap(value: Decimal) -> Decimal:
    """Progress is shown between 0 % and 100 %: over-achievement does not hide a laggard."""
    return max(ZERO, min(ONE, value))


@dataclass(frozen=True, slots=True)
class Span:
    """The plan's months: from its first month (a plan adopted in June starts in June) to
    December of its last year."""

    start: date
    end_year: int

    def months_in_year(self, year: int) -> int:
        if year < self.start.year or year > self.end_year:
            return 0
        return 13 - self.start.month if year == self.start.year else 12

    @property
    def total(self) -> int:
        return sum(self.months_in_year(y) for y in range(self.start.year, self.end_year + 1))

    def elapsed_in_year(self, as_of: date) -> int:
        """Months of as_of's year inside the plan, up to and including as_of's month (a cut
        dated March covers January to March)."""
        months = self.months_in_year(as_of.year)
        if months == 0:
            return 0
        return min(months, max(0, as_of.month - (12 - months)))

    def elapsed(self, as_of: date) -> int:
        before = sum(self.months_in_year(y) for y in range(self.start.year, as_of.year))
        if as_of.year > self.end_year:
            return self.total
        return before + self.elapsed_in_year(as_of)

    def years_until(self, as_of: date) -> range:
        return range(self.start.year, min(as_of.year, self.end_year) + 1)


@dataclass(frozen=True, slots=True)
class Goal:
    """One product indicator's goal: its type, four-year target and yearly targets."""

    trend: str
    target: Decimal | None
    baseline: Decimal | None = ZERO
    accumulation: str = ""  # "" = derived from the trend (increase → flow)
    year_targets: Mapping[int, Decimal] = field(default_factory=dict)
    # increase-flow, increase-stock, maintain or reduce: which of the four rules applies
    # (set once: the stored figures ask for every goal, month and territory)
    kind: str = field(init=False)

    def __post_init__(self) -> None:
        if self.trend == INCREASE:
            kind = f"{INCREASE}-{self.accumulation or FLOW}"
        elif self.trend in (MAINTAIN, REDUCE):
            kind = self.trend
        else:
            raise ValueError(f"unknown trend {self.trend!r}")
        object.__setattr__(self, "kind", kind)  # a frozen dataclass sets it this way


@dataclass(slots=True)
class Reported:
    """What was reported for one indicator, year by year: the sum of the year's values and
    the last value of the year. Values are added in period order."""

    year_sum: dict[int, Decimal] = field(default_factory=dict)
    year_latest: dict[int, Decimal] = field(default_factory=dict)
    total: Decimal | None = None  # everything reported; None before the first report

    def add(self, period: date, value: Decimal) -> None:
        self.year_sum[period.year] = self.year_sum.get(period.year, ZERO) + value
        self.year_latest[period.year] = value
        self.total = value if self.total is None else self.total + value

    def latest_until(self, year: int) -> Decimal | None:
        """The level last reported in `year` or before (a stock does not restart)."""
        years = [y for y in self.year_latest if y <= year]
        return self.year_latest[max(years)] if years else None


def toward(start: Decimal | None, level: Decimal | None, goal: Decimal | None) -> Decimal | None:
    """How much of the way from `start` to `goal` the level covered, either direction:
    (level - start) / (goal - start). Nothing reported is 0 %; no way to go is unmeasurable."""
    if start is None or goal is None or goal == start:
        return None
    if level is None:
        return ZERO
    return cap((level - start) / (goal - start))


def kept(level: Decimal | None, goal: Decimal) -> Decimal:
    """A maintain goal: the level reached over the level to keep."""
    if level is None:
        return ZERO
    if goal == 0:
        return ONE if level <= 0 else ZERO
    return cap(level / goal)


def year_progress(goal: Goal, reported: Reported, year: int) -> Decimal | None:
    """Progress of the year (vigencia) against what was programmed for it.

    - increase, flow: the year's own reports summed over the year's target;
    - increase, stock and reduce: the level reached, on the way from the baseline to the
      level programmed for the year;
    - maintain: the last level of the year over the level to keep that year (the four-year
      target when no yearly target was set: keeping a level means the same level each year).
    A year without a programmed target (other than maintain) cannot be measured.
    """
    kind = goal.kind
    year_target = goal.year_targets.get(year)
    if kind == MAINTAIN:
        to_keep = goal.target if year_target is None else year_target
        if to_keep is None:
            return None
        return kept(reported.year_latest.get(year), to_keep)
    if year_target is None:
        return None
    if kind == INCREASE_FLOW:
        if year_target == 0:
            return None
        return cap(reported.year_sum.get(year, ZERO) / year_target)
    return toward(goal.baseline, reported.latest_until(year), year_target)


def plan_progress(goal: Goal, reported: Reported, span: Span, as_of: date) -> Decimal | None:
    """Progress of the four-year plan, never mixing a level with a sum.

    - increase, flow: everything reported so far over the four-year target;
    - increase, stock and reduce: the latest level on the way from the baseline to the
      four-year target;
    - maintain: each year counts for its share of the plan's months, at its own fulfilment
      (the current year for the months gone): keeping the level every month so far gives
      exactly the time elapsed, and a new year does not restart the plan's figure.
    """
    if goal.target is None:
        return None
    kind = goal.kind
    if kind == INCREASE_FLOW:
        if goal.target == 0:
            return None
        total = reported.total
        return ZERO if total is None else cap(total / goal.target)
    if kind == MAINTAIN:
        share = ZERO
        for year in span.years_until(as_of):
            months = span.months_in_year(year)
            if year == as_of.year:
                months = span.elapsed_in_year(as_of)
            year_target = goal.year_targets.get(year, goal.target)
            share += kept(reported.year_latest.get(year), year_target) * months
        return cap(share / span.total) if span.total else None
    return toward(goal.baseline, reported.latest_until(as_of.year), goal.target)


def expected_year(span: Span, as_of: date) -> Decimal:
    """The share of the year's months (inside the plan) gone at the cut."""
    months = span.months_in_year(as_of.year)
    if months == 0:
        return ONE if as_of.year > span.end_year else ZERO
    return Decimal(span.elapsed_in_year(as_of)) / months


def expected_linear(span: Span, as_of: date) -> Decimal:
    """The share of the plan's months gone at the cut."""
    return Decimal(span.elapsed(as_of)) / span.total if span.total else ZERO


def expected_plan(goal: Goal, span: Span, as_of: date, curve: str = LINEAR) -> Decimal:
    """The four-year progress expected at the cut: the share of the plan's months gone
    (linear), or, with the programmed curve, what the yearly targets promised by then (the
    current year's target spread over its months). A goal without every yearly target up to
    the cut, and maintain goals (the same level every year), follow the linear curve."""
    linear = expected_linear(span, as_of)
    if curve == LINEAR or goal.trend == MAINTAIN or goal.target is None:
        return linear
    years = list(span.years_until(as_of))
    if not years or any(y not in goal.year_targets for y in years):
        return linear
    fraction = expected_year(span, as_of)
    current = goal.year_targets[years[-1]]
    if goal.kind == INCREASE_FLOW:
        if goal.target == 0:
            return linear
        done = sum((goal.year_targets[y] for y in years[:-1]), ZERO) + current * fraction
        return cap(done / goal.target)
    previous = goal.year_targets[years[-2]] if len(years) > 1 else goal.baseline
    if previous is None:
        return linear
    level = previous + (current - previous) * fraction
    expected = toward(goal.baseline, level, goal.target)
    return linear if expected is None else expected


def weighted(items: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """Weighted average of the measurable items; None when none is measurable."""
    total_weight = ZERO
    total = ZERO
    for value, weight in items:
        if value is None or weight <= 0:
            continue
        total += value * weight
        total_weight += weight
    if total_weight == 0:
        return None
    return total / total_weight


def weighted_pair(
    items: Iterable[tuple[Decimal | None, Decimal | None, Decimal]],
) -> tuple[Decimal | None, Decimal | None]:
    """(progress, expected) of a level from its children's (progress, expected, weight):
    both averaged over the same measurable children, so the comparison stays fair. (One
    loop: the stored figures roll every level up for every month and scope.)"""
    total_weight = total_progress = total_expected = ZERO
    for progress, expected, weight in items:
        if progress is None or expected is None or weight <= 0:
            continue
        total_progress += progress * weight
        total_expected += expected * weight
        total_weight += weight
    if total_weight == 0:
        return None, None
    return total_progress / total_weight, total_expected / total_weight


def financial_execution(appropriation: Decimal, executed: Decimal) -> Decimal | None:
    """Commitments (or payments) over the appropriation, capped; None without budget."""
    if appropriation <= 0:
        return None
    return cap(executed / appropriation)


def traffic_light(value: Decimal | None, *, red_below: Decimal, green_from: Decimal) -> str | None:
    """'red' below the first threshold, 'green' from the second, 'yellow' between."""
    if value is None:
        return None
    if value < red_below:
        return "red"
    if value >= green_from:
        return "green"
    return "yellow"


def light_against_expected(
    progress: Decimal | None, expected: Decimal | None, *, red_below: Decimal, green_from: Decimal
) -> str | None:
    """The traffic light of a figure: its progress as a fraction of the progress expected
    at that date (nothing expected yet: on track)."""
    if progress is None or expected is None:
        return None
    if expected <= 0:
        return "green"
    return traffic_light(progress / expected, red_below=red_below, green_from=green_from)
