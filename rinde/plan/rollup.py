"""Development-plan progress: a pure module (no database), documented in docs/plan-rules.md.

Percentages are Decimals between 0 and 1, or None when a figure cannot be measured (no
target, or a target equal to the baseline for a reducing indicator). None never counts as
zero: it is left out of weighted averages, so a missing figure does not drag a project down.
"""

from collections.abc import Iterable
from decimal import Decimal

ZERO, ONE = Decimal(0), Decimal(1)
INCREASE, MAINTAIN, REDUCE = "increase", "maintain", "reduce"


def cap(value: Decimal) -> Decimal:
    """Progress is shown between 0 % and 100 %: over-achievement does not hide a laggard."""
    return max(ZERO, min(ONE, value))


def achievement(
    trend: str,
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    cumulative: Decimal | None,
    latest: Decimal | None,
) -> Decimal | None:
    """How far one product indicator has come.

    - increase: what was achieved so far (the sum of monthly values) over the target;
    - maintain: the latest value over the target of the period (keep the level);
    - reduce: how much of the way from the baseline down to the target was covered,
      (baseline - latest) / (baseline - target).
    """
    if target is None:
        return None
    if trend == INCREASE:
        if target == 0 or cumulative is None:
            return None if target == 0 else ZERO
        return cap(cumulative / target)
    if trend == MAINTAIN:
        if latest is None:
            return ZERO
        if target == 0:
            return ONE if latest <= 0 else ZERO
        return cap(latest / target)
    if trend == REDUCE:
        if baseline is None or baseline == target:
            return None
        if latest is None:
            return ZERO
        return cap((baseline - latest) / (baseline - target))
    raise ValueError(f"unknown trend {trend!r}")


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
