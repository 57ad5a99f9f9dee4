"""A cut file's rows checked against the department's goals and projects, and written to
the cut (import_services runs the job around it)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from rinde.core import audit, formatting, numbers
from rinde.plan import services, spreadsheet
from rinde.plan.importing import mapping, problems
from rinde.plan.importing.problems import PREVIEW_LIMIT
from rinde.plan.models import (
    ImportJob,
    Indicator,
    IndicatorValue,
    ProgressReport,
    Project,
    ProjectProgress,
    ReportState,
)
from rinde.plan.spreadsheet import CellError


@dataclass(frozen=True, slots=True)
class _Code:
    code: str


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made
# building 20,000 of them twice as slow; nothing changes them once read.
@dataclass(slots=True)
class CutIndicator:
    """What checking a cut needs of an indicator: plain tuples read in one query, not
    20,000 model instances."""

    pk: int
    code: str
    name: str
    trend: str
    target: Decimal
    project_id: int
    project: _Code


def cut_indicators(report: ProgressReport) -> list[CutIndicator]:
    rows = (
        Indicator.objects.filter(plan=report.plan_id)
        .of_department(report.department_id)
        .order_by()
        .values_list("pk", "code", "name", "trend", "target", "project_id", "project__code")
    )
    # One _Code per project, shared by its indicators.
    projects: dict[int, _Code] = {}
    indicators = []
    for pk, code, name, trend, target, project_id, project_code in rows:
        project = projects.get(project_id)
        if project is None:
            project = projects[project_id] = _Code(project_code)
        indicators.append(CutIndicator(pk, code, name, trend, target, project_id, project))
    return indicators


def _achieved_before(report: ProgressReport) -> dict[int, Decimal]:
    """Cumulative approved values of the department's indicators before the cut's month."""
    rows = (
        IndicatorValue.objects.filter(
            report__department=report.department_id,
            report__state=ReportState.APPROVED,
            report__period__lt=report.period,
        )
        .values("indicator_id")
        .annotate(total=Sum("value"))
    )
    return {r["indicator_id"]: r["total"] for r in rows}


def check_cut(report: ProgressReport, mapped: mapping.Mapped, *, progress=None) -> dict:
    if report.state not in services.EDITABLE:
        return problems.failed("Este corte ya no se puede editar.")
    indicators = cut_indicators(report)
    by_code = {i.code: i for i in indicators}
    # The projects whose budget this department reports: its own, not those of the goals
    # it answers for in another department's project.
    project_ids = set(
        Project.objects.filter(plan=report.plan_id, department=report.department_id).values_list(
            "pk", flat=True
        )
    )
    rows_of: dict[int, int] = {}
    rounding: list[CellError] = []
    values, money, errors = spreadsheet.parse_cut(
        mapped.rows,
        indicators_by_code=by_code,
        project_ids=project_ids,
        rows_of=rows_of,
        progress=progress,
        first_row=mapped.first_row,
        warnings=rounding,
        decimal_separator=mapped.separator,
    )
    if errors:
        return {"errors": errors, "warnings": [], "summary": {}, "parsed": None}
    by_pk = {i.pk: i for i in indicators}
    warnings = rounding + spreadsheet.over_target(
        values,
        indicators_by_pk=by_pk,
        achieved_before=_achieved_before(report),
        rows_of=rows_of,
    )
    preview = [
        [by_pk[pk].code, by_pk[pk].name, None if v is None else numbers.format_number(v)]
        for pk, v in list(values.items())[:PREVIEW_LIMIT]
    ]
    project_codes = {i.project_id: i.project.code for i in indicators}
    budgets = [
        [
            project_codes.get(project_id, ""),
            *(formatting.money(amounts[key]) for key in spreadsheet.MONEY),
        ]
        for project_id, amounts in list(money.items())[:PREVIEW_LIMIT]
    ]
    summary = {
        "indicators": len(values),
        "projects": len(money),
        "rows": preview,
        "budgets": budgets,
    }
    return {
        "errors": [],
        "warnings": warnings,
        "summary": summary,
        "parsed": (values, money),
    }


def apply_cut(job: ImportJob, *, actor, request=None) -> None:
    values = {int(k): (None if v is None else Decimal(v)) for k, v in job.checked["values"].items()}
    money = {int(k): {f: Decimal(a) for f, a in m.items()} for k, m in job.checked["money"].items()}
    report = job.report
    # The narrative typed on screen (achievements, difficulties, evidence, territories)
    # is not in the sheet: keep it. Read as plain rows: a cut may have thousands of projects.
    kept = {
        row["project_id"]: row
        for row in report.project_progress.values(
            "pk", "project_id", "achievements", "difficulties", "evidence_url"
        )
    }
    through = ProjectProgress.territories.through
    territories: dict[int, list[int]] = {}
    for progress_id, territory_id in through.objects.filter(
        projectprogress__report=report
    ).values_list("projectprogress_id", "territory_id"):
        territories.setdefault(progress_id, []).append(territory_id)
    finances = {}
    for project_id, amounts in money.items():
        old = kept.get(project_id)
        finances[project_id] = {
            **amounts,
            "achievements": old["achievements"] if old else "",
            "difficulties": old["difficulties"] if old else "",
            "evidence_url": old["evidence_url"] if old else "",
            "territories": territories.get(old["pk"], []) if old else [],
        }
    services.save_report(report, actor=actor, values=values, finances=finances, request=request)
    audit.record(
        actor=actor,
        action="plan.report.import",
        target=report,
        changes={"file": job.filename, "indicators": len(values), "projects": len(money)},
        request=request,
    )


def kept_finances(report: ProgressReport) -> dict[int, dict]:
    """The cut's budget rows as save_report takes them, narrative and territories included:
    what an import that does not carry them must write back unchanged."""
    rows = list(
        report.project_progress.values(
            "pk",
            "project_id",
            "appropriation",
            "commitments",
            "obligations",
            "payments",
            "achievements",
            "difficulties",
            "evidence_url",
        )
    )
    through = ProjectProgress.territories.through
    territories: dict[int, list[int]] = {}
    for progress_id, territory_id in through.objects.filter(
        projectprogress__report=report
    ).values_list("projectprogress_id", "territory_id"):
        territories.setdefault(progress_id, []).append(territory_id)
    return {
        row.pop("project_id"): {**row, "territories": territories.get(row.pop("pk"), [])}
        for row in rows
    }


# Every department's progress for several periods -------------------------------------------
