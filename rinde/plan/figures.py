"""The dashboard's stored figures: computed once per change, read by every public page.

Rolling a plan of thousands of indicators up for every visitor (and once per month for the
history chart) made the public pages slower as the plan grew. The figures of every month,
for the whole plan, each department and each territory, are computed here in one pass over
the approved cuts (months in order, adding each month's values to the running totals) and
stored in PlanFigures. `rebuild` runs in the background after a cut is approved or the
structure changes (tasks.py); the pages then read one or two rows per request, whatever the
plan's size. Traffic lights are not stored: they follow the thresholds at read time.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction

from rinde.plan import dashboard, rollup
from rinde.plan.models import Plan, PlanFigures, ProjectProgress, ReportState

PLAN_SCOPE = "plan"


def department_scope(pk: int) -> str:
    return f"dep-{pk}"


def territory_scope(pk: int) -> str:
    return f"ter-{pk}"


def _key(node: dashboard.Node) -> str:
    obj = node.obj
    kind = {
        "StrategicLine": "l",
        "Component": "c",
        "Program": "g",
        "Project": "p",
        "Plan": "plan",
    }[type(obj).__name__]
    return kind if kind == "plan" else f"{kind}{obj.pk}"


def _entry(node: dashboard.Node) -> list:
    return [
        None if node.progress is None else str(node.progress.quantize(Decimal("0.000001"))),
        str(node.appropriation),
        str(node.commitments),
        str(node.payments),
    ]


def _serialize(root: dashboard.Node) -> tuple[dict, dict]:
    summary = {"plan": _entry(root)}
    detail = {"plan": _entry(root)}

    def walk(node: dashboard.Node) -> None:
        for child in node.children:
            if not child.children:  # indicators: the project page computes them itself
                continue
            detail[_key(child)] = _entry(child)
            walk(child)

    for line in root.children:
        summary[_key(line)] = _entry(line)
    walk(root)
    return summary, detail


def territory_rows(plan: Plan):
    """(period, project_id, territory_id) of every approved cut, in period order."""
    through = ProjectProgress.territories.through
    return list(
        through.objects.filter(
            projectprogress__report__plan=plan,
            projectprogress__report__state=ReportState.APPROVED,
        )
        .values_list(
            "projectprogress__report__period", "projectprogress__project_id", "territory_id"
        )
        .order_by("projectprogress__report__period")
    )


@transaction.atomic
def rebuild(plan: Plan) -> int:
    """Replace every stored figure of the plan. Returns the number of rows written."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    data = dashboard.load(plan)
    indicators, values, finances = data
    periods = dashboard.published_periods(plan)
    PlanFigures.objects.filter(plan=plan).delete()
    if not periods:
        return 0
    indicators = sorted(indicators, key=lambda i: i.code)  # subsets keep the order
    path_of = {path.indicator.pk: path for path in dashboard.paths(indicators)}
    by_department: dict[int, list] = defaultdict(list)
    for indicator in indicators:
        by_department[indicator.project.department_id].append(indicator)
    places = territory_rows(plan)
    cumulative: dict[int, Decimal] = defaultdict(Decimal)
    latest: dict[int, Decimal] = {}
    money: dict[int, tuple] = {}
    reached: dict[int, set[int]] = defaultdict(set)  # territory → projects reported there
    v = f = t = 0
    rows = []
    for month in dashboard.months(plan, periods[-1]):
        while v < len(values) and values[v][1] <= month:
            indicator_id, _period, value = values[v]
            cumulative[indicator_id] += value
            latest[indicator_id] = value
            v += 1
        while f < len(finances) and finances[f][1] <= month:
            project_id, _period, *amounts = finances[f]
            money[project_id] = tuple(amounts)
            f += 1
        while t < len(places) and places[t][0] <= month:
            reached[places[t][2]].add(places[t][1])
            t += 1
        scopes: list[tuple[str, int | None, list]] = [(PLAN_SCOPE, None, indicators)]
        scopes += [(department_scope(d), d, subset) for d, subset in by_department.items()]
        scopes += [
            (
                territory_scope(territory),
                None,
                [i for i in indicators if i.project_id in projects],
            )
            for territory, projects in reached.items()
        ]
        progress_of = {
            i.pk: dashboard.indicator_progress(i, cumulative, latest) for i in indicators
        }
        for scope, department_id, subset in scopes:
            if not subset:
                continue
            root, _figures = dashboard.build_tree(
                plan,
                [path_of[i.pk] for i in subset],
                cumulative,
                latest,
                money,
                progress_of=progress_of,
                with_figures=False,
            )
            summary, detail = _serialize(root)
            rows.append(
                PlanFigures(
                    plan=plan,
                    period=month,
                    scope=scope,
                    department_id=department_id,
                    progress=root.progress,
                    appropriation=root.appropriation,
                    commitments=root.commitments,
                    payments=root.payments,
                    summary=summary,
                    detail=detail,
                )
            )
    PlanFigures.objects.bulk_create(rows, batch_size=200)
    return len(rows)


def schedule_rebuild(plan: Plan) -> None:
    """After the current transaction commits, recompute the plan's figures in the
    background (a worker runs it; tests run it at once)."""
    from rinde.plan.tasks import rebuild_plan_figures

    transaction.on_commit(lambda: rebuild_plan_figures.enqueue(plan.pk))


# Reading ----------------------------------------------------------------------------------


def figure(plan: Plan, obj, entry: list | None) -> dashboard.Node | None:
    """A stored entry [progress, appropriation, commitments, payments] as the node the
    templates show, with its traffic light from the plan's current thresholds."""
    if entry is None:
        return None
    progress = None if entry[0] is None else Decimal(entry[0])  # Decimal(Decimal) is a no-op
    return dashboard.Node(
        obj,
        getattr(obj, "weight", Decimal(1)),
        progress,
        rollup.traffic_light(
            progress, red_below=plan.light_red_below, green_from=plan.light_green_from
        ),
        Decimal(entry[1]),
        Decimal(entry[2]),
        Decimal(entry[3]),
    )


def of_row(plan: Plan, obj, row: PlanFigures) -> dashboard.Node:
    """The figure of a whole scope, from the row's columns (no JSON to decode)."""
    return figure(plan, obj, [row.progress, row.appropriation, row.commitments, row.payments])


def overview(plan: Plan, row: PlanFigures, lines) -> dashboard.Node:
    """The plan and its lines, from a row's summary."""
    root = of_row(plan, plan, row)
    for line in lines:
        child = figure(plan, line, row.summary.get(f"l{line.pk}"))
        if child is not None:
            root.children.append(child)
    return root


def line_tree(plan: Plan, row: PlanFigures, line, programs) -> dashboard.Node | None:
    """A line with its components and programmes (those in the row's scope). `programs`
    are the line's programmes with their component selected."""
    detail = row.detail
    root = figure(plan, line, detail.get(f"l{line.pk}"))
    if root is None:
        return None
    components: dict[int, dashboard.Node] = {}
    for program in sorted(programs, key=lambda g: (g.component.code, g.code)):
        program_figure = figure(plan, program, detail.get(f"g{program.pk}"))
        if program_figure is None:
            continue
        component = program.component
        if component.pk not in components:
            components[component.pk] = figure(plan, component, detail.get(f"c{component.pk}"))
            root.children.append(components[component.pk])
        components[component.pk].children.append(program_figure)
    return root


def program_tree(plan: Plan, row: PlanFigures, program, projects) -> dashboard.Node | None:
    """A programme with its projects (those in the row's scope)."""
    root = figure(plan, program, row.detail.get(f"g{program.pk}"))
    if root is None:
        return None
    for project in sorted(projects, key=lambda p: p.code):
        project_figure = figure(plan, project, row.detail.get(f"p{project.pk}"))
        if project_figure is not None:
            root.children.append(project_figure)
    return root


def history(plan: Plan, scope: str, until: date) -> list[tuple[date, Decimal | None]]:
    return list(
        PlanFigures.objects.filter(plan=plan, scope=scope, period__lte=until)
        .order_by("period")
        .values_list("period", "progress")
    )
