"""The demo plan's yearly targets as a Plan Indicativo programmes them (docs/plan-rules.md):
a reducing goal comes down year by year, so each year's target is a step of the way from
the baseline to the four-year target, not the four-year target itself (which would make
every early year look late)."""

from decimal import Decimal

from rinde.plan.models import Trend, YearTarget


def program_reduce_paths(plan) -> None:
    targets = YearTarget.objects.filter(
        indicator__project__program__component__line__plan=plan,
        indicator__trend=Trend.REDUCE,
    ).select_related("indicator")
    years = plan.end_year - plan.start_year + 1
    changed = []
    for year_target in targets:
        indicator = year_target.indicator
        step = Decimal(year_target.year - plan.start_year + 1) / years
        year_target.target = (
            indicator.baseline - (indicator.baseline - indicator.target) * step
        ).quantize(Decimal("0.01"))
        changed.append(year_target)
    YearTarget.objects.bulk_update(changed, ["target"])
