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


def compute(
    plan: Plan, data, as_of: date, *, department_id: int | None = None
) -> tuple[Node, dict[int, IndicatorFigure]]:
    indicators = data[0]
    if department_id:
        indicators = [i for i in indicators if i.project.department_id == department_id]
    return build_tree(plan, indicators, *state_at(data, as_of))


def build_tree(
    plan: Plan, indicators, cumulative: dict, latest: dict, money: dict
) -> tuple[Node, dict[int, IndicatorFigure]]:
    """The plan's tree over `indicators` (with their project, programme, component and
    line selected), rolled up from the indicators' figures."""
    root = Node(plan, Decimal(1))
    nodes: dict[tuple, Node] = {}

    def node(key, obj, parent: Node) -> Node:
        if key not in nodes:
            nodes[key] = Node(obj, obj.weight)
            parent.children.append(nodes[key])
        return nodes[key]

    figures: dict[int, IndicatorFigure] = {}
    for indicator in sorted(indicators, key=lambda i: i.code):
        project = indicator.project
        program, component, line = (
            project.program,
            project.program.component,
            project.program.component.line,
        )
        line_node = node(("l", line.pk), line, root)
        component_node = node(("c", component.pk), component, line_node)
        program_node = node(("g", program.pk), program, component_node)
        project_node = node(("p", project.pk), project, program_node)
        progress = rollup.achievement(
            indicator.trend,
            baseline=indicator.baseline,
            target=indicator.target,
            cumulative=cumulative.get(indicator.pk),
            latest=latest.get(indicator.pk),
        )
        figures[indicator.pk] = IndicatorFigure(
            indicator, cumulative.get(indicator.pk), latest.get(indicator.pk), progress
        )
        project_node.children.append(Node(indicator, indicator.weight, progress))
        if project.pk in money and not project_node.appropriation:
            project_node.appropriation, project_node.commitments, project_node.payments = money[
                project.pk
            ]

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


def history(
    plan: Plan, data, until: date, *, department_id: int | None = None
) -> list[tuple[date, Decimal | None]]:
    return [
        (month, compute(plan, data, month, department_id=department_id)[0].progress)
        for month in months(plan, until)
    ]


def find(root: Node, obj) -> Node | None:
    if root.obj == obj:
        return root
    for child in root.children:
        found = find(child, obj)
        if found:
            return found
    return None
