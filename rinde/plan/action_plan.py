"""The yearly action plan (Plan de Acción).

Ley 1474 de 2011, art. 74: every entity publishes on its website, by 31 January, its
action plan for the year: objectives, strategies, projects, goals, responsible
departments and budget. Rinde generates it from what the plan already holds: the
projects, each indicator's target for the year (YearTarget) and the project's
appropriation for the year (the latest one in an approved cut of that year; none before
the first cut). Planning reviews the draft (it can generate it again while it is a
draft), then publishes it: the content is frozen at that moment, shown as a public page
and downloadable as a spreadsheet.
"""

import io
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.core.spreadsheet_cells import xlsx_row
from rinde.plan.models import (
    ActionPlan,
    Indicator,
    Plan,
    Project,
    ProjectProgress,
    ReportState,
    YearTarget,
)

DEADLINE_DAY = (1, 31)  # month, day: Ley 1474 de 2011 art. 74


def deadline(year: int) -> date:
    return date(year, *DEADLINE_DAY)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _year_appropriations(plan: Plan, year: int) -> dict[int, Decimal]:
    """Each project's appropriation in its latest approved cut of the year."""
    rows = (
        ProjectProgress.objects.filter(
            project__plan=plan,
            report__state=ReportState.APPROVED,
            report__period__year=year,
        )
        .order_by("project_id", "-report__period")
        .values_list("project_id", "appropriation")
    )
    latest: dict[int, Decimal] = {}
    for project_id, appropriation in rows:
        latest.setdefault(project_id, appropriation)
    return latest


def build_content(plan: Plan, year: int) -> dict:
    """The document as plain data (JSON-ready: Decimals as strings), in five queries
    whatever the plan's size: lines > programmes > projects > indicators, and totals."""
    projects = list(
        Project.objects.filter(plan=plan)
        .select_related("program__component__line", "department")
        .order_by("program__component__line__code", "program__code", "code")
    )
    indicators: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(plan=plan).order_by("code"):
        indicators.setdefault(indicator.project_id, []).append(indicator)
    year_targets = dict(
        YearTarget.objects.filter(indicator__plan=plan, year=year).values_list(
            "indicator_id", "target"
        )
    )
    appropriations = _year_appropriations(plan, year)
    lines: dict[str, dict] = {}
    total = Decimal(0)
    indicator_count = without_target = 0
    for project in projects:
        program = project.program
        line = program.component.line
        line_entry = lines.setdefault(
            line.code, {"code": line.code, "name": line.name, "programs": {}}
        )
        program_entry = line_entry["programs"].setdefault(
            program.code, {"code": program.code, "name": program.name, "projects": []}
        )
        appropriation = appropriations.get(project.pk)
        total += appropriation or 0
        rows = []
        for indicator in indicators.get(project.pk, []):
            target = year_targets.get(indicator.pk)
            indicator_count += 1
            without_target += target is None
            rows.append(
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "trend": indicator.get_trend_display(),
                    "baseline": _text(indicator.baseline),
                    "target": _text(indicator.target),
                    "year_target": _text(target),
                }
            )
        program_entry["projects"].append(
            {
                "code": project.code,
                "name": project.name,
                "bpin": project.bpin,
                "department": project.department.name,
                "appropriation": _text(appropriation),
                "indicators": rows,
            }
        )
    return {
        "year": year,
        "plan": str(plan),
        "lines": [{**line, "programs": list(line["programs"].values())} for line in lines.values()],
        "totals": {
            "projects": len(projects),
            "indicators": indicator_count,
            "without_year_target": without_target,
            "appropriation": str(total),
        },
    }


def _require_planning(actor) -> None:
    if not permissions.has_role(actor, Role.PLANNING):
        raise PermissionDenied("role")


def _check_year(plan: Plan, year: int) -> None:
    if year not in plan.years:
        raise ValidationError(
            "El año %(year)s está fuera de los años del plan.", params={"year": year}
        )


@transaction.atomic
def generate(plan: Plan, year: int, *, actor, request=None) -> ActionPlan:
    """Create the year's draft, or generate the draft again from the plan as it is now.
    A published action plan is not rewritten."""
    _require_planning(actor)
    _check_year(plan, year)
    action_plan = ActionPlan.objects.select_for_update().filter(plan=plan, year=year).first()
    if action_plan is not None and action_plan.state == ActionPlan.State.PUBLISHED:
        raise ValidationError(
            "El plan de acción de %(year)s ya está publicado.", params={"year": year}
        )
    content = build_content(plan, year)
    if action_plan is None:
        action_plan = ActionPlan(plan=plan, year=year)
    action_plan.content = content
    action_plan.generated_at = timezone.now()
    action_plan.generated_by = actor
    action_plan.save()
    audit.record(
        actor=actor,
        action="plan.action_plan.generate",
        target=action_plan,
        changes=content["totals"],
        request=request,
    )
    return action_plan


@transaction.atomic
def publish(action_plan: ActionPlan, *, actor, request=None) -> ActionPlan:
    _require_planning(actor)
    action_plan = ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    if action_plan.state != ActionPlan.State.DRAFT:
        raise ValidationError("Este plan de acción ya está publicado.")
    action_plan.state = ActionPlan.State.PUBLISHED
    action_plan.published_at = timezone.now()
    action_plan.published_by = actor
    action_plan.save(update_fields=["state", "published_at", "published_by"])
    audit.record(
        actor=actor,
        action="plan.action_plan.publish",
        target=action_plan,
        changes={
            "state": [ActionPlan.State.DRAFT, action_plan.state],
            "published_at": [None, action_plan.published_at],
        },
        request=request,
    )
    refresh_public_pages()
    return action_plan


def due_notice(plan: Plan | None, today: date) -> dict | None:
    """The warning planning sees from 1 January until the year's action plan is
    published: the year, the legal deadline, whether it has passed and where to act."""
    if plan is None or today.year not in plan.years:
        return None
    published = ActionPlan.objects.filter(
        plan=plan, year=today.year, state=ActionPlan.State.PUBLISHED
    ).exists()
    if published:
        return None
    return {
        "year": today.year,
        "deadline": deadline(today.year),
        "overdue": today > deadline(today.year),
        "url": reverse("plan:staff_action_plan", args=[plan.pk, today.year]),
    }


def published_years(plan: Plan) -> list[int]:
    return list(
        ActionPlan.objects.filter(plan=plan, state=ActionPlan.State.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
    )


HEADERS = [
    "Línea estratégica",
    "Programa",
    "Código proyecto",
    "Proyecto",
    "Código BPIN",
    "Dependencia responsable",
    "Apropiación del año",
    "Código indicador",
    "Indicador de producto",
    "Unidad",
    "Tendencia",
    "Línea base",
    "Meta del cuatrienio",
    "Meta del año",
]


def _number(text: str | None):
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def workbook(action_plan: ActionPlan) -> bytes:
    """The published document as a spreadsheet: one row per indicator (a project without
    indicators gets one row of its own), the way planning offices keep it."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Plan de acción {action_plan.year}"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in action_plan.content.get("lines", []):
        for program in line["programs"]:
            for project in program["projects"]:
                head = [
                    f"{line['code']}. {line['name']}",
                    f"{program['code']}. {program['name']}",
                    project["code"],
                    project["name"],
                    project["bpin"],
                    project["department"],
                    _number(project["appropriation"]),
                ]
                for indicator in project["indicators"] or [None]:
                    tail = (
                        [None] * 7
                        if indicator is None
                        else [
                            indicator["code"],
                            indicator["name"],
                            indicator["unit"],
                            indicator["trend"],
                            _number(indicator["baseline"]),
                            _number(indicator["target"]),
                            _number(indicator["year_target"]),
                        ]
                    )
                    sheet.append(xlsx_row(sheet, head + tail))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
