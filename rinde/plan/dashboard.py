"""The public dashboard's figures: a constant number of queries, then pure roll-ups.

Only approved cuts count. Figures are computed "as of" a month: indicator values of every
approved cut up to that month, and each project's latest approved budget figures. Each
level carries two figures (rollup.py): the year's (vigencia) and the four-year plan's, each
with the progress expected at that month and its traffic light.

A territory's figures count only what was reported for it: the values and budget of the
cuts whose project row lists that territory.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rinde.plan import rollup
from rinde.plan.models import (
    Indicator,
    IndicatorValue,
    Plan,
    ProjectProgress,
    ReportState,
    YearTarget,
)

NOTHING = (None, None, None, None)  # no figure: nothing reported (a territory's scope)


def _percent(value: Decimal | None) -> int | None:
    return None if value is None else round(value * 100)


@dataclass
class Node:
    obj: object
    weight: Decimal
    progress: Decimal | None = None  # the four-year plan's
    light: str | None = None
    appropriation: Decimal = Decimal(0)
    commitments: Decimal = Decimal(0)
    payments: Decimal = Decimal(0)
    children: list["Node"] = field(default_factory=list)
    expected: Decimal | None = None
    year_progress: Decimal | None = None
    year_expected: Decimal | None = None
    year_light: str | None = None
    reported: bool = True  # False: nothing was reported for it in the selected territory
    leaves: list = field(default_factory=list)  # a project's indicators (build_tree)

    @property
    def financial(self) -> Decimal | None:
        return rollup.financial_execution(self.appropriation, self.commitments)

    @property
    def percent(self) -> int | None:
        return _percent(self.progress)

    @property
    def expected_percent(self) -> int | None:
        return _percent(self.expected)

    @property
    def year_percent(self) -> int | None:
        return _percent(self.year_progress)

    @property
    def year_expected_percent(self) -> int | None:
        return _percent(self.year_expected)

    @property
    def financial_percent(self) -> int | None:
        return _percent(self.financial)

    def set_lights(self, plan: Plan, *, lights: bool = True) -> None:
        """Lights from the plan's thresholds, against the expected progress. A territory's
        figures have none: the expected progress is the whole municipality's."""
        if not lights:
            return
        thresholds = {"red_below": plan.light_red_below, "green_from": plan.light_green_from}
        self.light = rollup.light_against_expected(self.progress, self.expected, **thresholds)
        self.year_light = rollup.light_against_expected(
            self.year_progress, self.year_expected, **thresholds
        )


@dataclass
class IndicatorFigure:
    indicator: Indicator
    goal: rollup.Goal
    reported: rollup.Reported | None
    year: int
    progress: Decimal | None
    year_progress: Decimal | None

    @property
    def cumulative(self) -> Decimal | None:
        return None if self.reported is None else self.reported.total

    @property
    def latest(self) -> Decimal | None:
        return None if self.reported is None else self.reported.latest_until(self.year)

    @property
    def year_target(self) -> Decimal | None:
        return self.goal.year_targets.get(self.year)

    @property
    def year_value(self) -> Decimal | None:
        """What the year's figure reads: the year's sum for a flow, else the level."""
        if self.reported is None:
            return None
        if self.goal.kind == rollup.INCREASE_FLOW:
            return self.reported.year_sum.get(self.year)
        if self.goal.kind == rollup.MAINTAIN:
            return self.reported.year_latest.get(self.year)
        return self.reported.latest_until(self.year)


def span_of(plan: Plan) -> rollup.Span:
    return rollup.Span(date(plan.start_year, plan.start_month, 1), plan.end_year)


def months(plan: Plan, until: date) -> list[date]:
    result, current = [], span_of(plan).start
    while current <= until:
        result.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return result


def published_periods(plan: Plan) -> list[date]:
    return list(
        plan.reports.published().order_by("period").values_list("period", flat=True).distinct()
    )


@dataclass
class PlanData:
    indicators: list
    goals: dict  # indicator id → rollup.Goal
    values: list  # (indicator_id, period, value, report_id) in period order
    finances: list  # (project_id, period, appropriation, commitments, payments, report_id)
    places: dict  # (report_id, project_id) → territory ids listed in that cut's project row


def goal_of(indicator: Indicator, year_targets: dict[int, Decimal]) -> rollup.Goal:
    return rollup.Goal(
        trend=indicator.trend,
        target=indicator.target,
        baseline=indicator.baseline,
        accumulation=indicator.accumulation,
        year_targets=year_targets,
    )


def year_targets_of(indicator_filter: dict) -> dict[int, dict[int, Decimal]]:
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, year, target in YearTarget.objects.filter(**indicator_filter).values_list(
        "indicator_id", "year", "target"
    ):
        targets[indicator_id][year] = target
    return targets


def load(plan: Plan) -> PlanData:
    """Five queries: the indicator tree, the yearly targets, every approved value, every
    approved budget row and the territories those rows list."""
    indicators = list(
        Indicator.objects.filter(project__program__component__line__plan=plan).select_related(
            "project__program__component__line", "project__department"
        )
    )
    targets = year_targets_of({"indicator__project__program__component__line__plan": plan})
    values = list(
        IndicatorValue.objects.filter(report__plan=plan, report__state=ReportState.APPROVED)
        .values_list("indicator_id", "report__period", "value", "report_id")
        .order_by("report__period")
    )
    finances = list(
        ProjectProgress.objects.filter(report__plan=plan, report__state=ReportState.APPROVED)
        .values_list(
            "project_id",
            "report__period",
            "appropriation",
            "commitments",
            "payments",
            "report_id",
        )
        .order_by("report__period")
    )
    through = ProjectProgress.territories.through
    places: dict[tuple, list[int]] = defaultdict(list)
    for report_id, project_id, territory_id in through.objects.filter(
        projectprogress__report__plan=plan,
        projectprogress__report__state=ReportState.APPROVED,
    ).values_list("projectprogress__report_id", "projectprogress__project_id", "territory_id"):
        places[(report_id, project_id)].append(territory_id)
    goals = {i.pk: goal_of(i, targets.get(i.pk, {})) for i in indicators}
    return PlanData(indicators, goals, values, finances, dict(places))


def state_at(data: PlanData, as_of: date, *, territory_id: int | None = None):
    """What was reported for each indicator, and each project's latest budget row, counting
    the approved cuts up to `as_of` (for a territory: only the cuts that list it)."""
    project_of = {i.pk: i.project_id for i in data.indicators}
    reported: dict[int, rollup.Reported] = {}
    for indicator_id, period, value, report_id in data.values:
        if period > as_of:
            continue
        if territory_id is not None and territory_id not in data.places.get(
            (report_id, project_of.get(indicator_id)), ()
        ):
            continue
        reported.setdefault(indicator_id, rollup.Reported()).add(period, value)
    money: dict[int, tuple] = {}
    for project_id, period, appropriation, commitments, payments, report_id in data.finances:
        if period > as_of:
            continue
        if territory_id is not None and territory_id not in data.places.get(
            (report_id, project_id), ()
        ):
            continue
        money[project_id] = (appropriation, commitments, payments)
    return reported, money


class MonthFigures:
    """The figures of any goal at one month: (year progress, year expected, four-year
    progress, four-year expected). What every goal shares that month (the expected progress
    of the year, and of the plan on the linear curve) is computed once: the stored figures
    call this for every goal, month and territory."""

    def __init__(self, span: rollup.Span, as_of: date, curve: str):
        self.span, self.as_of, self.curve = span, as_of, curve
        self.year_expected = rollup.expected_year(span, as_of)
        self.linear = rollup.expected_linear(span, as_of)

    def __call__(self, goal: rollup.Goal, reported: rollup.Reported | None) -> tuple:
        """`reported` None: nothing was reported for it in a territory, no figure."""
        if reported is None:
            return NOTHING
        as_of = self.as_of
        if self.curve == rollup.LINEAR:
            expected = self.linear
        else:
            expected = rollup.expected_plan(goal, self.span, as_of, self.curve)
        return (
            rollup.year_progress(goal, reported, as_of.year),
            self.year_expected,
            rollup.plan_progress(goal, reported, self.span, as_of),
            expected,
        )


def compute(
    plan: Plan,
    data: PlanData,
    as_of: date,
    *,
    department_id: int | None = None,
    territory_id: int | None = None,
) -> tuple[Node, dict[int, IndicatorFigure]]:
    """The roll-up from scratch (figures.rebuild does the same month after month)."""
    indicators = data.indicators
    if department_id:
        indicators = [
            i for i in indicators if (i.department_id or i.project.department_id) == department_id
        ]
    reported, money = state_at(data, as_of, territory_id=territory_id)
    empty = None if territory_id is not None else rollup.Reported()
    if territory_id is not None:
        periods = {row[-1]: row[1] for row in data.finances}  # every listed row is a budget row
        reached = {
            project_id
            for (report_id, project_id), places in data.places.items()
            if territory_id in places and periods[report_id] <= as_of
        }
        indicators = [i for i in indicators if i.project_id in reached]
    figures_at = MonthFigures(span_of(plan), as_of, plan.expected_curve)
    indicator_figures = {
        i.pk: figures_at(data.goals[i.pk], reported.get(i.pk, empty)) for i in indicators
    }
    return build_tree(
        plan,
        paths(indicators),
        data.goals,
        reported,
        money,
        indicator_figures,
        as_of=as_of,
        lights=territory_id is None,
    )


@dataclass(frozen=True, slots=True)
class IndicatorPath:
    """An indicator with its project, programme, component and line, resolved once: rolling
    the same tree up for many months and scopes then needs no model attribute lookups."""

    indicator: Indicator
    project: object
    program: object
    component: object
    line: object
    keys: tuple  # node keys of the line, component, programme and project
    pk: int  # the indicator's, read once (a model's pk is a property)
    weight: Decimal


def paths(indicators) -> list[IndicatorPath]:
    """In indicator-code order (the order the tree shows)."""
    result = []
    for indicator in sorted(indicators, key=lambda i: i.code):
        project = indicator.project
        program = project.program
        component = program.component
        line = component.line
        keys = (("l", line.pk), ("c", component.pk), ("g", program.pk), ("p", project.pk))
        result.append(
            IndicatorPath(
                indicator, project, program, component, line, keys, indicator.pk, indicator.weight
            )
        )
    return result


def build_tree(
    plan: Plan,
    indicator_paths: list[IndicatorPath],
    goals: dict,
    reported: dict,
    money: dict,
    indicator_figures: dict,
    *,
    as_of: date,
    with_figures: bool = True,
    lights: bool = True,
) -> tuple[Node, dict[int, IndicatorFigure]]:
    """The plan's tree down to the projects, rolled up from the indicators' figures
    (`indicator_figures`: indicator id → MonthFigures(...), computed once per month when
    the same month is rolled up for many scopes). A project's indicators are kept as
    (progress, expected, year progress, year expected, weight) in `leaves`, not as nodes:
    the stored figures build this tree for every month and scope."""
    root = Node(plan, Decimal(1))
    nodes: dict[tuple, Node] = {}
    figures: dict[int, IndicatorFigure] = {}
    for path in indicator_paths:
        line_key, component_key, program_key, project_key = path.keys
        project_node = nodes.get(project_key)
        if project_node is None:
            parent = root
            for key, obj in (
                (line_key, path.line),
                (component_key, path.component),
                (program_key, path.program),
                (project_key, path.project),
            ):
                child = nodes.get(key)
                if child is None:
                    child = nodes[key] = Node(obj, obj.weight)
                    parent.children.append(child)
                parent = child
            project_node = parent
            if project_key[1] in money:
                amounts = money[project_key[1]]
                project_node.appropriation, project_node.commitments = amounts[0], amounts[1]
                project_node.payments = amounts[2]
        year, year_expected, progress, expected = indicator_figures[path.pk]
        if with_figures:
            figures[path.pk] = IndicatorFigure(
                path.indicator, goals[path.pk], reported.get(path.pk), as_of.year, progress, year
            )
        project_node.leaves.append((progress, expected, year, year_expected, path.weight))

    def roll(n: Node) -> None:
        if n.leaves:  # a project
            n.progress, n.expected = rollup.weighted_pair(
                (p, e, w) for p, e, _y, _ye, w in n.leaves
            )
            n.year_progress, n.year_expected = rollup.weighted_pair(
                (y, ye, w) for _p, _e, y, ye, w in n.leaves
            )
        elif n.children:
            for child in n.children:
                roll(child)
            n.progress, n.expected = rollup.weighted_pair(
                (c.progress, c.expected, c.weight) for c in n.children
            )
            n.year_progress, n.year_expected = rollup.weighted_pair(
                (c.year_progress, c.year_expected, c.weight) for c in n.children
            )
            n.appropriation = sum((c.appropriation for c in n.children), Decimal(0))
            n.commitments = sum((c.commitments for c in n.children), Decimal(0))
            n.payments = sum((c.payments for c in n.children), Decimal(0))
        n.set_lights(plan, lights=lights)

    roll(root)
    return root, figures


def indicator_figures(
    plan: Plan, indicators, year_targets: dict, values, as_of: date, *, territory: bool = False
) -> list[IndicatorFigure]:
    """One project's indicators with their figures as of a month; `values` are its approved
    (indicator_id, period, value) rows in period order (for a territory: only those of the
    cuts that list it, and an indicator without any is "sin reporte")."""
    reported: dict[int, rollup.Reported] = {}
    for indicator_id, period, value in values:
        if period <= as_of:
            reported.setdefault(indicator_id, rollup.Reported()).add(period, value)
    figures_at = MonthFigures(span_of(plan), as_of, plan.expected_curve)
    result = []
    for i in indicators:
        goal = goal_of(i, year_targets.get(i.pk, {}))
        mine = reported.get(i.pk, None if territory else rollup.Reported())
        year, _ye, progress, _e = figures_at(goal, mine)
        result.append(IndicatorFigure(i, goal, mine, as_of.year, progress, year))
    return result
