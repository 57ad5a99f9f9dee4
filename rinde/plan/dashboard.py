"""The public dashboard's figures: a constant number of queries, then pure roll-ups.

Only approved cuts count. Figures are computed "as of" a month: indicator values of every
approved cut up to that month, and each project's latest approved budget figures.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rinde.plan import rollup
from rinde.plan.models import Indicator, IndicatorValue, Plan, ProjectProgress, ReportState


@dataclass
class Node:
    obj: object
    weight: Decimal
    progress: Decimal | None = None
    light: str | None = None
    appropriation: Decimal = Decimal(0)
    commitments: Decimal = Decimal(0)
    payments: Decimal = Decimal(0)
    children: list["Node"] = field(default_factory=list)

    @property
    def financial(self) -> Decimal | None:
        return rollup.financial_execution(self.appropriation, self.commitments)

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def financial_percent(self) -> int | None:
        value = self.financial
        return None if value is None else round(value * 100)


@dataclass
class IndicatorFigure:
    indicator: Indicator
    cumulative: Decimal | None
    latest: Decimal | None
    progress: Decimal | None


def months(plan: Plan, until: date) -> list[date]:
    result, current = [], date(plan.start_year, 1, 1)
    while current <= until:
        result.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return result


def published_periods(plan: Plan) -> list[date]:
    return list(
        plan.reports.published().order_by("period").values_list("period", flat=True).distinct()
    )


def load(plan: Plan):
    """Three queries: the indicator tree, every approved value, every approved budget row."""
    indicators = list(
        Indicator.objects.filter(project__program__component__line__plan=plan).select_related(
            "project__program__component__line", "project__department"
        )
    )
    values = list(
        IndicatorValue.objects.filter(report__plan=plan, report__state=ReportState.APPROVED)
        .values_list("indicator_id", "report__period", "value")
        .order_by("report__period")
    )
    finances = list(
        ProjectProgress.objects.filter(report__plan=plan, report__state=ReportState.APPROVED)
        .values_list("project_id", "report__period", "appropriation", "commitments", "payments")
        .order_by("report__period")
    )
    return indicators, values, finances


def state_at(data, as_of: date):
    """Each indicator's cumulative and latest value, and each project's latest budget row,
    counting the approved cuts up to `as_of`."""
    _indicators, values, finances = data
    cumulative: dict[int, Decimal] = defaultdict(Decimal)
    latest: dict[int, Decimal] = {}
    for indicator_id, period, value in values:
        if period <= as_of:
            cumulative[indicator_id] += value
            latest[indicator_id] = value
    money: dict[int, tuple] = {}
    for project_id, period, appropriation, commitments, payments in finances:
        if period <= as_of:
            money[project_id] = (appropriation, commitments, payments)
    return cumulative, latest, money


def indicator_progress(indicator, cumulative: dict, latest: dict) -> Decimal | None:
    return rollup.achievement(
        indicator.trend,
        baseline=indicator.baseline,
        target=indicator.target,
        cumulative=cumulative.get(indicator.pk),
        latest=latest.get(indicator.pk),
    )


def compute(
    plan: Plan, data, as_of: date, *, department_id: int | None = None
) -> tuple[Node, dict[int, IndicatorFigure]]:
    indicators = data[0]
    if department_id:
        indicators = [i for i in indicators if i.project.department_id == department_id]
    return build_tree(plan, paths(indicators), *state_at(data, as_of))


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


def paths(indicators) -> list[IndicatorPath]:
    """In indicator-code order (the order the tree shows)."""
    result = []
    for indicator in sorted(indicators, key=lambda i: i.code):
        project = indicator.project
        program = project.program
        component = program.component
        line = component.line
        keys = (("l", line.pk), ("c", component.pk), ("g", program.pk), ("p", project.pk))
        result.append(IndicatorPath(indicator, project, program, component, line, keys))
    return result


def build_tree(
    plan: Plan,
    indicator_paths: list[IndicatorPath],
    cumulative: dict,
    latest: dict,
    money: dict,
    *,
    progress_of: dict | None = None,
    with_figures: bool = True,
) -> tuple[Node, dict[int, IndicatorFigure]]:
    """The plan's tree over the indicators, rolled up from the indicators' figures.
    `progress_of` (indicator id → achievement) spares recomputing it when the same month
    is rolled up for many scopes."""
    root = Node(plan, Decimal(1))
    nodes: dict[tuple, Node] = {}
    figures: dict[int, IndicatorFigure] = {}
    for path in indicator_paths:
        indicator = path.indicator
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
        if progress_of is not None:
            progress = progress_of[indicator.pk]
        else:
            progress = indicator_progress(indicator, cumulative, latest)
        if with_figures:
            figures[indicator.pk] = IndicatorFigure(
                indicator, cumulative.get(indicator.pk), latest.get(indicator.pk), progress
            )
        project_node.children.append(Node(indicator, indicator.weight, progress))

    def roll(n: Node) -> None:
        for child in n.children:
            if child.children:
                roll(child)
        if n.children:
            n.progress = rollup.weighted((c.progress, c.weight) for c in n.children)
            if n.children[0].children:  # above the project: sum the budget of the children
                n.appropriation = sum((c.appropriation for c in n.children), Decimal(0))
                n.commitments = sum((c.commitments for c in n.children), Decimal(0))
                n.payments = sum((c.payments for c in n.children), Decimal(0))
        n.light = rollup.traffic_light(
            n.progress, red_below=plan.light_red_below, green_from=plan.light_green_from
        )

    roll(root)
    return root, figures


def indicator_figures(indicators, values, as_of: date) -> list[IndicatorFigure]:
    """One project's indicators with their figures as of a month; `values` are its
    approved (indicator_id, period, value) rows in period order."""
    cumulative, latest, _money = state_at(([], values, []), as_of)
    return [
        IndicatorFigure(
            i,
            cumulative.get(i.pk),
            latest.get(i.pk),
            indicator_progress(i, cumulative, latest),
        )
        for i in indicators
    ]
