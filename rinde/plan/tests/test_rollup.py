"""Hand-computed expectations for the plan rules (docs/plan-rules.md)."""

from decimal import Decimal as D

import pytest

from rinde.plan import rollup

CASES = [
    # trend, baseline, target, cumulative, latest, expected, why
    ("increase", D(0), D(100), D(45), D(10), D("0.45"), "45 of 100 built"),
    ("increase", D(0), D(100), D(130), D(30), D(1), "over-achievement is capped at 100 %"),
    ("increase", D(0), D(100), None, None, D(0), "nothing reported yet counts as 0 %"),
    ("increase", D(0), D(0), D(5), D(5), None, "a zero target cannot be measured"),
    ("increase", D(0), None, D(5), D(5), None, "a missing target cannot be measured"),
    ("maintain", D(95), D(95), D(380), D(95), D(1), "kept the level: latest 95 over 95"),
    ("maintain", D(95), D(95), D(380), D("76"), D("0.8"), "76 of 95 kept"),
    ("maintain", D(0), D(0), D(0), D(0), D(1), "keep at zero and it is zero"),
    ("maintain", D(0), D(0), D(3), D(3), D(0), "keep at zero but it is three"),
    ("reduce", D(20), D(10), None, D(15), D("0.5"), "from 20 to 15 of the way to 10"),
    ("reduce", D(20), D(10), None, D(8), D(1), "below the target is capped at 100 %"),
    ("reduce", D(20), D(10), None, D(25), D(0), "worse than the baseline is 0 %"),
    ("reduce", D(20), D(20), None, D(15), None, "target equal to baseline cannot be measured"),
    ("reduce", None, D(10), None, D(15), None, "no baseline cannot be measured"),
]


@pytest.mark.parametrize(
    ("trend", "baseline", "target", "cumulative", "latest", "expected", "why"), CASES
)
def test_achievement_per_trend(trend, baseline, target, cumulative, latest, expected, why):
    assert (
        rollup.achievement(
            trend, baseline=baseline, target=target, cumulative=cumulative, latest=latest
        )
        == expected
    ), why


def test_an_unknown_trend_is_an_error():
    with pytest.raises(ValueError, match="unknown trend"):
        rollup.achievement("sideways", baseline=D(0), target=D(1), cumulative=D(1), latest=D(1))


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
