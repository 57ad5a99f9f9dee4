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
from rinde.plan.models import Plan, PlanFigures

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


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.000001")))


def _entry(node: dashboard.Node) -> list:
    """[progress, appropriation, commitments, payments, expected, year progress, year
    expected]: the four-year figures first, as rows written before the yearly ones had."""
    return [
        _decimal(node.progress),
        str(node.appropriation),
        str(node.commitments),
        str(node.payments),
        _decimal(node.expected),
        _decimal(node.year_progress),
        _decimal(node.year_expected),
    ]


def _serialize(root: dashboard.Node) -> tuple[dict, dict]:
    summary = {"plan": _entry(root)}
    detail = {"plan": _entry(root)}

    def walk(node: dashboard.Node) -> None:
        for child in node.children:  # down to the projects (the project page computes
            detail[_key(child)] = _entry(child)  # its indicators itself)
            walk(child)

    for line in root.children:
        summary[_key(line)] = _entry(line)
    walk(root)
    return summary, detail


@transaction.atomic
def rebuild(plan: Plan) -> int:
    """Replace every stored figure of the plan. Returns the number of rows written.

    One pass over the months: each month's approved values are added to what was reported
    for each indicator (and, for every territory its cut lists, to that territory's), then
    the month is rolled up for the plan, each department and each territory reached."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    data = dashboard.load(plan)
    periods = dashboard.published_periods(plan)
    PlanFigures.objects.filter(plan=plan).delete()
    if not periods:
        return 0
    span = dashboard.span_of(plan)
    curve = plan.expected_curve
    # Indicator ids in code order (subsets keep it), each resolved once to its path.
    path_of = {path.pk: path for path in dashboard.paths(data.indicators)}
    pks = list(path_of)
    project_of = {pk: path.project.pk for pk, path in path_of.items()}
    by_department: dict[int, list[int]] = defaultdict(list)
    for pk, path in path_of.items():
        # A goal another department answers for (a shared BPIN project) counts for it.
        by_department[path.indicator.department_id or path.project.department_id].append(pk)
    goals = data.goals
    values, finances = data.values, data.finances
    reported: dict[int, rollup.Reported] = defaultdict(rollup.Reported)
    money: dict[int, tuple] = {}
    # territory → what was reported for it: per indicator, and the budget per project
    reported_in: dict[int, dict[int, rollup.Reported]] = defaultdict(dict)
    money_in: dict[int, dict[int, tuple]] = defaultdict(dict)
    v = f = 0
    rows = []
    for month in dashboard.months(plan, periods[-1]):
        while v < len(values) and values[v][1] <= month:
            indicator_id, period, value, report_id = values[v]
            reported[indicator_id].add(period, value)
            for territory in data.places.get((report_id, project_of.get(indicator_id)), ()):
                mine = reported_in[territory].setdefault(indicator_id, rollup.Reported())
                mine.add(period, value)
            v += 1
        while f < len(finances) and finances[f][1] <= month:
            project_id, _period, *amounts, report_id = finances[f]
            money[project_id] = tuple(amounts)
            for territory in data.places.get((report_id, project_id), ()):
                money_in[territory][project_id] = tuple(amounts)
            f += 1
        figures_at = dashboard.MonthFigures(span, month, curve)
        figures_now = {pk: figures_at(goals[pk], reported[pk]) for pk in pks}
        scopes: list[tuple] = [(PLAN_SCOPE, None, pks, figures_now, reported, money)]
        scopes += [
            (department_scope(d), d, subset, figures_now, reported, money)
            for d, subset in by_department.items()
        ]
        for territory, projects in money_in.items():
            subset = [pk for pk in pks if project_of[pk] in projects]
            mine = reported_in[territory]
            territory_figures = {pk: figures_at(goals[pk], mine.get(pk)) for pk in subset}
            scopes.append(
                (territory_scope(territory), None, subset, territory_figures, mine, projects)
            )
        for scope, department_id, subset, scope_figures, scope_reported, scope_money in scopes:
            if not subset:
                continue
            root, _figures = dashboard.build_tree(
                plan,
                [path_of[pk] for pk in subset],
                goals,
                scope_reported,
                scope_money,
                scope_figures,
                as_of=month,
                with_figures=False,
                lights=not scope.startswith("ter-"),
            )
            summary, detail = _serialize(root)
            rows.append(
                PlanFigures(
                    entity_id=plan.entity_id,
                    plan=plan,
                    period=month,
                    scope=scope,
                    department_id=department_id,
                    progress=root.progress,
                    expected=root.expected,
                    year_progress=root.year_progress,
                    year_expected=root.year_expected,
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
    # Not at the top: plan.tasks imports this module to run the rebuild.
    from rinde.plan.tasks import rebuild_plan_figures  # noqa: PLC0415

    transaction.on_commit(lambda: rebuild_plan_figures.enqueue(plan.pk))


# Reading ----------------------------------------------------------------------------------


def _optional(entry: list, index: int) -> Decimal | None:
    value = entry[index] if len(entry) > index else None
    return None if value is None else Decimal(value)  # Decimal(Decimal) is a no-op


def figure(
    plan: Plan, obj, entry: list | None, *, territory: bool = False
) -> dashboard.Node | None:
    """A stored entry (see _entry) as the node the templates show, with its traffic lights
    from the plan's current thresholds. In a territory's scope an element without an entry
    is shown as "sin reporte" (and no figure has a light: the expected progress is the
    whole municipality's); elsewhere it is not in the scope (None)."""
    weight = getattr(obj, "weight", Decimal(1))
    if entry is None:
        return dashboard.Node(obj, weight, reported=False) if territory else None
    node = dashboard.Node(
        obj,
        weight,
        _optional(entry, 0),
        appropriation=Decimal(entry[1]),
        commitments=Decimal(entry[2]),
        payments=Decimal(entry[3]),
        expected=_optional(entry, 4),
        year_progress=_optional(entry, 5),
        year_expected=_optional(entry, 6),
    )
    node.set_lights(plan, lights=not territory)
    return node


def of_row(plan: Plan, obj, row: PlanFigures, *, territory: bool = False) -> dashboard.Node:
    """The figure of a whole scope, from the row's columns (no JSON to decode)."""
    return figure(
        plan,
        obj,
        [
            row.progress,
            row.appropriation,
            row.commitments,
            row.payments,
            row.expected,
            row.year_progress,
            row.year_expected,
        ],
        territory=territory,
    )


def overview(plan: Plan, row: PlanFigures, lines, *, territory: bool = False) -> dashboard.Node:
    """The plan and its lines, from a row's summary."""
    root = of_row(plan, plan, row, territory=territory)
    for line in lines:
        child = figure(plan, line, row.summary.get(f"l{line.pk}"), territory=territory)
        if child is not None:
            root.children.append(child)
    return root


def line_tree(
    plan: Plan, row: PlanFigures, line, programs, *, territory: bool = False
) -> dashboard.Node | None:
    """A line with its components and programmes (those in the row's scope; in a
    territory's, every one, "sin reporte" where nothing was reported). `programs` are the
    line's programmes with their component selected."""
    detail = row.detail
    root = figure(plan, line, detail.get(f"l{line.pk}"), territory=territory)
    if root is None:
        return None
    components: dict[int, dashboard.Node] = {}
    for program in sorted(programs, key=lambda g: (g.component.code, g.code)):
        program_figure = figure(plan, program, detail.get(f"g{program.pk}"), territory=territory)
        if program_figure is None:
            continue
        component = program.component
        if component.pk not in components:
            components[component.pk] = figure(
                plan, component, detail.get(f"c{component.pk}"), territory=territory
            )
            root.children.append(components[component.pk])
        components[component.pk].children.append(program_figure)
    return root


def program_tree(
    plan: Plan, row: PlanFigures, program, projects, *, territory: bool = False
) -> dashboard.Node | None:
    """A programme with its projects (those in the row's scope; in a territory's, every
    one, "sin reporte" where nothing was reported)."""
    root = figure(plan, program, row.detail.get(f"g{program.pk}"), territory=territory)
    if root is None:
        return None
    for project in sorted(projects, key=lambda p: p.code):
        project_figure = figure(
            plan, project, row.detail.get(f"p{project.pk}"), territory=territory
        )
        if project_figure is not None:
            root.children.append(project_figure)
    return root


def history(plan: Plan, scope: str, until: date) -> list[tuple[date, Decimal | None]]:
    return list(
        PlanFigures.objects.filter(plan=plan, scope=scope, period__lte=until)
        .order_by("period")
        .values_list("period", "progress")
    )
