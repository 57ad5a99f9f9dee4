"""Hand-computed expectations for the plan rules (docs/plan-rules.md)."""

from datetime import date
from decimal import Decimal as D

import pytest

from rinde.plan import rollup
from rinde.plan.rollup import Goal, Reported, Span

PLAN = Span(date(2024, 1, 1), 2027)  # 48 months
MID_YEAR = Span(date(2024, 7, 1), 2027)  # adopted in July: 6 + 36 = 42 months
FLOW_TARGETS = {2024: D(20), 2025: D(30), 2026: D(30), 2027: D(20)}


def reported(*rows) -> Reported:
    result = Reported()
    for period, value in rows:
        result.add(period, D(value))
    return result


flow = Goal("increase", D(100), year_targets=FLOW_TARGETS)
flow_no_2026 = Goal("increase", D(100), year_targets={2024: D(20), 2025: D(30)})
stock = Goal(
    "increase",
    D(20),
    baseline=D(10),
    accumulation="stock",
    year_targets={2024: D(12), 2025: D(15), 2026: D(18), 2027: D(20)},
)
keep = Goal("maintain", D(100), baseline=D(100))
keep_2025_lower = Goal("maintain", D(100), baseline=D(100), year_targets={2025: D(80)})
reduce = Goal("reduce", D(10), baseline=D(20), year_targets={2024: D(18), 2025: D(15)})

CASES = [
    # goal, reports, cut, year progress, four-year progress, why
    (flow, [], date(2024, 3, 1), D(0), D(0), "nothing reported yet is 0 %"),
    (
        flow,
        [(date(2024, 3, 1), 5), (date(2024, 6, 1), 5)],
        date(2024, 6, 1),
        D("0.5"),  # 10 of the 20 programmed for 2024
        D("0.1"),  # 10 of 100
        "increase, flow: the year's sum over the year's target",
    ),
    (
        flow,
        [(date(2024, 6, 1), 20), (date(2025, 3, 1), 6)],
        date(2025, 3, 1),
        D("0.2"),  # 2025's own 6 of its 30: last year's 20 do not count for 2025
        D("0.26"),  # 26 of 100
        "increase, flow: a new year starts its own count, the plan keeps summing",
    ),
    (
        flow_no_2026,
        [(date(2024, 6, 1), 20), (date(2026, 3, 1), 9)],
        date(2026, 3, 1),
        None,  # nothing was programmed for 2026: not measurable, not 0 %
        D("0.29"),
        "a year without a yearly target has no year figure",
    ),
    (
        flow,
        [(date(2024, 6, 1), 130)],
        date(2024, 6, 1),
        D(1),
        D(1),
        "over-achievement is capped at 100 %",
    ),
    (
        stock,
        [(date(2024, 12, 1), 12), (date(2025, 6, 1), 14)],
        date(2025, 6, 1),
        D("0.8"),  # from baseline 10 to 14, of the way to 2025's level 15: 4 / 5
        D("0.4"),  # 4 of the 10 from the baseline to the four-year level 20
        "increase, stock: the latest level, never the sum of levels",
    ),
    (
        stock,
        [(date(2024, 12, 1), 12)],
        date(2025, 2, 1),
        D("0.4"),  # no 2025 report yet: a stock keeps its last level, 2 / 5
        D("0.2"),
        "increase, stock: the level carries over into the new year",
    ),
    (
        keep,
        [(date(2024, 12, 1), 100), (date(2025, 3, 1), 60)],
        date(2025, 3, 1),
        D("0.6"),  # 60 of the 100 to keep in 2025
        D("13.8") / 48,  # 2024 kept: 12 months × 1; 2025: 3 months × 0.6 → 13.8 / 48
        "maintain: each year for its share of the months, never averaged with a sum",
    ),
    (
        keep,
        [(date(2024, 12, 1), 100)],
        date(2025, 1, 1),
        D(0),  # the level restarts each year: nothing reported for 2025 yet
        D(12) / 48,  # 2024 kept in full; January 2025 at 0
        "maintain: a new year without a report",
    ),
    (
        keep_2025_lower,
        [(date(2025, 6, 1), 80)],
        date(2025, 6, 1),
        D(1),  # 80 kept of the 80 programmed for 2025
        D(6) / 48,  # 2024 without reports (0) + 6 months of 2025 in full
        "maintain: the year's programmed level when there is one",
    ),
    (
        reduce,
        [(date(2024, 12, 1), 18), (date(2025, 6, 1), 17)],
        date(2025, 6, 1),
        D("0.6"),  # from 20 down to 17, of the way to 2025's 15: 3 / 5
        D("0.3"),  # 3 of the 10 from 20 down to 10
        "reduce: the way covered from the baseline",
    ),
    (
        reduce,
        [(date(2024, 6, 1), 25)],
        date(2024, 6, 1),
        D(0),
        D(0),
        "reduce: worse than the baseline is 0 %",
    ),
    (
        Goal("reduce", D(20), baseline=D(20)),
        [(date(2024, 6, 1), 15)],
        date(2024, 6, 1),
        None,
        None,
        "reduce: a target equal to the baseline cannot be measured",
    ),
    (
        Goal("increase", D(0)),
        [(date(2024, 6, 1), 5)],
        date(2024, 6, 1),
        None,
        None,
        "increase: a zero target cannot be measured",
    ),
    (
        Goal("maintain", D(0)),
        [(date(2024, 12, 1), 0)],
        date(2024, 12, 1),
        D(1),
        D(12) / 48,
        "maintain at zero and it is zero",
    ),
]


@pytest.mark.parametrize(("goal", "rows", "as_of", "year", "four_year", "why"), CASES)
def test_year_and_four_year_progress_per_goal_type(goal, rows, as_of, year, four_year, why):
    history = reported(*rows)
    assert rollup.year_progress(goal, history, as_of.year) == year, why
    assert rollup.plan_progress(goal, history, PLAN, as_of) == four_year, why


def test_a_plan_adopted_mid_year_counts_its_first_year_from_its_first_month():
    assert MID_YEAR.total == 42
    september = date(2024, 9, 1)
    # July to September of the six months of 2024 in the plan
    assert rollup.expected_year(MID_YEAR, september) == D("0.5")
    assert rollup.expected_plan(keep, MID_YEAR, september) == D(3) / 42
    kept = reported((date(2024, 9, 1), 100))
    assert rollup.plan_progress(keep, kept, MID_YEAR, september) == D(3) / 42
    assert rollup.year_progress(keep, kept, 2024) == D(1)


@pytest.mark.parametrize(
    ("as_of", "year", "four_year"),
    [
        (date(2024, 1, 1), D(1) / 12, D(1) / 48),  # a January cut covers January
        (date(2025, 3, 1), D("0.25"), D(15) / 48),  # the middle of a year: a quarter
        (date(2027, 12, 1), D(1), D(1)),
        (date(2023, 12, 1), D(0), D(0)),  # before the plan
    ],
)
def test_linear_expected_progress(as_of, year, four_year):
    assert rollup.expected_year(PLAN, as_of) == year
    assert rollup.expected_plan(flow, PLAN, as_of) == four_year


@pytest.mark.parametrize(
    ("goal", "as_of", "expected", "why"),
    [
        (flow, date(2025, 6, 1), D("0.35"), "2024's 20 + half of 2025's 30, of 100"),
        (flow, date(2024, 12, 1), D("0.2"), "2024's 20 of 100"),
        (stock, date(2025, 6, 1), D("0.35"), "halfway from 12 to 15 = 13.5: 3.5 of 10"),
        (stock, date(2024, 6, 1), D("0.1"), "halfway from the baseline 10 to 12: 1 of 10"),
        (reduce, date(2025, 6, 1), D("0.35"), "halfway from 18 to 15 = 16.5: 3.5 of 10"),
        (flow_no_2026, date(2026, 6, 1), D(30) / 48, "a year without target: linear"),
        (keep, date(2025, 6, 1), D(18) / 48, "maintain is linear: same level each year"),
    ],
)
def test_the_programmed_curve_follows_the_yearly_targets(goal, as_of, expected, why):
    assert rollup.expected_plan(goal, PLAN, as_of, rollup.PROGRAMMED) == expected, why


@pytest.mark.parametrize(
    ("progress", "expected", "light"),
    [
        (D("0.45"), D("0.5"), "green"),  # 90 % of what was expected: absolute 45 % was red
        (D("0.35"), D("0.5"), "yellow"),  # 70 %
        (D("0.25"), D("0.5"), "red"),  # 50 %
        (D("0.9"), D(1), "green"),
        (D(0), D(0), "green"),  # nothing expected yet
        (None, D("0.5"), None),
    ],
)
def test_the_light_compares_with_the_expected_progress(progress, expected, light):
    assert (
        rollup.light_against_expected(progress, expected, red_below=D("0.60"), green_from=D("0.80"))
        == light
    )


def test_an_unknown_trend_is_an_error():
    with pytest.raises(ValueError, match="unknown trend"):
        rollup.plan_progress(Goal("sideways", D(1)), Reported(), PLAN, date(2024, 1, 1))


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([(D("0.5"), D(1)), (D(1), D(1))], D("0.75")),  # equal weights
        ([(D("0.5"), D(3)), (D(1), D(1))], D("0.625")),  # (1.5 + 1) / 4
        ([(None, D(5)), (D("0.4"), D(1))], D("0.4")),  # unmeasurable left out, not zero
        ([(D("0.4"), D(0))], None),  # no weight
        ([], None),
    ],
)
def test_weighted_roll_up(items, expected):
    assert rollup.weighted(items) == expected


def test_a_level_compares_progress_and_expected_over_the_same_children():
    # (progress, expected, weight): the unmeasurable child is out of both averages
    items = [(D("0.5"), D("0.4"), D(3)), (D(1), D("0.8"), D(1)), (None, D("0.9"), D(5))]
    assert rollup.weighted_pair(items) == (D("0.625"), D("0.5"))


@pytest.mark.parametrize(
    ("appropriation", "executed", "expected"),
    [
        (D(1_000_000_000), D(250_000_000), D("0.25")),
        (D(1_000_000_000), D(1_200_000_000), D(1)),
        (D(0), D(10), None),
    ],
)
def test_financial_execution(appropriation, executed, expected):
    assert rollup.financial_execution(appropriation, executed) == expected


@pytest.mark.parametrize(
    ("value", "light"),
    [
        (D("0.59"), "red"),
        (D("0.60"), "yellow"),
        (D("0.79"), "yellow"),
        (D("0.80"), "green"),
        (None, None),
    ],
)
def test_traffic_light_with_the_administrators_thresholds(value, light):
    assert rollup.traffic_light(value, red_below=D("0.60"), green_from=D("0.80")) == light
