"""Spreadsheet imports (monthly cuts and the plan's structure): start, validate, apply.

Kept beside services.py (the cut workflow) so each file reads on its own. Every import
goes through an ImportJob holding the stored file: a small file is validated inside the
request; above `PLAN_IMPORT_BACKGROUND_ROWS` rows, validation and the apply run as
background tasks (tasks.py) while the status page shows progress. Applying writes
everything in one transaction with its audit entry, or nothing: a plan structure is read
and compared again with the plan as it is at that moment (someone may have changed it since
the preview); a cut writes the values checked for the preview, and `services.save_report`
checks again that the cut is editable and every indicator and project is the department's."""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit, numbers
from rinde.entity.models import Department
from rinde.plan import figures, services, spreadsheet, structure_sheet
from rinde.plan.importing import mapping, periods, problems
from rinde.plan.importing.hierarchy import HIERARCHY, LEVELS
from rinde.plan.models import (
    ColumnMapping,
    Component,
    ImportJob,
    Indicator,
    IndicatorValue,
    Plan,
    Program,
    ProgressReport,
    Project,
    ProjectProgress,
    ReportState,
    StrategicLine,
    YearTarget,
)
from rinde.plan.spreadsheet import CellError, SpreadsheetError

PREVIEW_LIMIT = 500
Status = ImportJob.Status


class ImportRejectedError(ValidationError):
    """The file no longer validates when applied; the job holds the errors."""


def background_threshold() -> int:
    return getattr(settings, "PLAN_IMPORT_BACKGROUND_ROWS", 2000)


def read_upload(upload) -> tuple[bytes, spreadsheet.Table]:
    """Check the declared size before reading, then read by content. Raises
    SpreadsheetError (CellErrors for problems at a row and column)."""
    spreadsheet.check_size(upload.size)
    data = upload.read(spreadsheet.MAX_BYTES + 1)
    return data, spreadsheet.read_table(upload.name, data)


@transaction.atomic
def start_import(
    *,
    kind: str,
    plan: Plan,
    actor,
    filename: str,
    data: bytes,
    table: spreadsheet.Table,
    report: ProgressReport | None = None,
) -> ImportJob:
    """Store the file in a new job and choose its columns: from a mapping saved for the
    same titles, or Rinde's own layout, the job is queued (large files are validated in
    the background, after commit; the caller validates small ones at once); otherwise it
    waits in MAPPING for the planner to confirm the proposal (`confirm_columns`)."""
    _check_access(actor, kind=kind, report=report)
    job = ImportJob(
        kind=kind,
        plan=plan,
        report=report,
        created_by=actor,
        filename=filename[:255],
        total_rows=max(len(table.rows) - 1, 0),
    )
    job.file.save(filename[-100:] or "importacion", ContentFile(data), save=False)
    if _choose_columns(job, table):
        job.status = Status.MAPPING
    job.total_rows = max(len(table.rows) - job.header_start - job.header_height, 0)
    job.save()
    if job.status == Status.QUEUED and job.total_rows > background_threshold():
        from rinde.plan import tasks

        transaction.on_commit(lambda: tasks.validate_import.enqueue(job.pk))
    return job


def fields_of(job: ImportJob) -> tuple[list[mapping.Field], set[str]]:
    """The fields the job's layout reads, and the titles of Rinde's own export that it
    does not read (for people: never listed as ignored)."""
    if job.kind == ImportJob.Kind.CUT:
        return spreadsheet.FIELDS, spreadsheet.KNOWN_TITLES
    if job.kind == ImportJob.Kind.PERIODS:
        return periods.fields(plan_years(job.plan)), set()
    return structure_sheet.fields(plan_years(job.plan)), set()


def _choose_columns(job: ImportJob, table: spreadsheet.Table) -> bool:
    """Set the job's header and columns; → whether the planner must confirm them."""
    fields, known = fields_of(job)
    header = mapping.detect_header(table, fields)
    saved = ColumnMapping.objects.filter(kind=job.kind, signature=header.signature()).first()
    if saved is not None:
        job.header_start, job.header_height = saved.header_start, saved.header_height
        job.columns = saved.columns
        return False
    job.header_start, job.header_height = header.start, header.height
    job.columns = mapping.propose(header, fields)
    own = {mapping.normalize(f.title) for f in fields} | {mapping.normalize(t) for t in known}
    # Rinde's own template or export (every title exactly one of its own): nothing to ask.
    return not (
        header.start == 0 and header.height == 1 and all(k in own for k in header.keys if k)
    )


def header_of(job: ImportJob, table: spreadsheet.Table) -> mapping.Header:
    return mapping.header_at(table, job.header_start, job.header_height)


@transaction.atomic
def confirm_columns(
    job: ImportJob, *, columns: dict[str, int], actor, request=None, table=None
) -> ImportJob:
    """The planner's mapping: kept for the next file with the same titles, and the job
    queued for checking (in the background when large; the caller checks small ones)."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied("owner")
    if not ImportJob.objects.filter(pk=job.pk, status=Status.MAPPING).update(
        status=Status.QUEUED, columns=columns, touched_at=timezone.now()
    ):
        raise ValidationError("Esta importación ya no espera la asignación de columnas.")
    job.refresh_from_db()
    table = table or stored_table(job)
    header = header_of(job, table)
    saved, _created = ColumnMapping.objects.update_or_create(
        kind=job.kind,
        signature=header.signature(),
        defaults={
            "header_start": job.header_start,
            "header_height": job.header_height,
            "columns": columns,
            "titles": header.titles,
            "saved_by": actor,
        },
    )
    audit.record(
        actor=actor,
        action="plan.import.columns",
        target=saved,
        changes={"file": job.filename, "columns": {k: header.label(v) for k, v in columns.items()}},
        request=request,
    )
    if job.total_rows > background_threshold():
        from rinde.plan import tasks

        transaction.on_commit(lambda: tasks.validate_import.enqueue(job.pk))
    return job


def _check_access(actor, *, kind: str, report: ProgressReport | None) -> None:
    # Planning acts for every department: the structure, and every department's progress.
    if kind in (ImportJob.Kind.STRUCTURE, ImportJob.Kind.PERIODS):
        if not permissions.has_role(actor, Role.PLANNING):
            raise PermissionDenied("role")
        return
    if not permissions.has_role(actor, Role.OFFICER, Role.PLANNING):
        raise PermissionDenied("role")
    permissions.check_department(actor, report.department_id)


@contextmanager
def collector_paused():
    """Pause Python's cycle collector while a file is checked or written. Those steps keep
    tens of thousands of new objects alive at once (the file's rows, the plan's
    indicators); whenever the survivors grow by a quarter the collector walks every object
    in the process, which took 0.1-0.15 s of a 0.7 s preview of 20,000 rows
    (bench/plan_import.py) and found nothing to free. Reference counting frees memory as
    usual meanwhile; the few cycles left (Django's query objects) are collected once the
    collector resumes, as it was, on the way out."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def stored_table(job: ImportJob) -> spreadsheet.Table:
    with job.file.open("rb") as handle:
        data = handle.read()
    return spreadsheet.read_table(job.filename, data)


def _progress(job: ImportJob):
    def update(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=min(done, job.total_rows), touched_at=timezone.now()
        )

    return update


def validate_import(job: ImportJob, *, table: spreadsheet.Table | None = None) -> ImportJob:
    """Check every row and keep the errors, warnings and preview on the job (ready or
    failed). Writes nothing but the job, so the progress is visible as it goes."""
    started = ImportJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
        status=Status.VALIDATING, processed_rows=0, touched_at=timezone.now()
    )
    if not started:  # already checked, or given up as stalled (fail_stalled): leave it
        job.refresh_from_db()
        return job
    try:
        with collector_paused():
            table = table or stored_table(job)
            result = _check(job, table, progress=_progress(job))
    except spreadsheet.CellErrors as error:
        result = {"errors": error.errors, "warnings": [], "summary": {}}
    except SpreadsheetError as error:
        result = {"errors": [CellError(0, "", str(error))], "warnings": [], "summary": {}}
    job.refresh_from_db()
    job.errors = [e.as_list() for e in problems.grouped(result["errors"])]
    job.warnings = [e.as_list() for e in problems.grouped(result["warnings"])]
    job.summary = result["summary"]
    if job.kind == ImportJob.Kind.CUT and not job.errors:
        values, money = result["parsed"]
        job.checked = {
            "values": {str(k): (None if v is None else str(v)) for k, v in values.items()},
            "money": {str(k): {f: str(a) for f, a in m.items()} for k, m in money.items()},
        }
    if job.kind == ImportJob.Kind.PERIODS and not job.errors:
        job.checked = {
            "cuts": [
                [department_id, period.isoformat(), {str(k): str(v) for k, v in values.items()}]
                for (department_id, period), values in result["parsed"].items()
            ]
        }
    job.processed_rows = job.total_rows
    job.status = Status.FAILED if job.errors else Status.READY
    job.touched_at = timezone.now()
    if job.errors:
        job.finished_at = job.touched_at
    job.save()
    return job


def _check(job: ImportJob, table: spreadsheet.Table, *, progress=None) -> dict:
    """The file in Rinde's layout (through the job's columns), then the layout's checks.
    Problems name the file's column letter beside Rinde's title."""
    fields, known = fields_of(job)
    mapped = mapping.apply(
        table,
        header_of(job, table),
        job.columns,
        fields,
        quiet={mapping.normalize(t) for t in known},
    )
    notes = [CellError(0, "", note, "note") for note in table.notes]
    if mapped.errors:
        result = _failed_with(mapped.errors)
    elif job.kind == ImportJob.Kind.CUT:
        result = _check_cut(job.report, mapped, progress=progress)
    elif job.kind == ImportJob.Kind.PERIODS:
        result = _check_periods(job.plan, mapped)
    else:
        result = _check_structure(job.plan, mapped, progress=progress)

    def lettered(found: list[CellError]) -> list[CellError]:
        return [replace(e, letter=e.letter or mapped.letters.get(e.column, "")) for e in found]

    return {
        **result,
        "errors": lettered(result["errors"]),
        "warnings": notes + mapped.warnings + lettered(result["warnings"]),
    }


def queue_apply(job: ImportJob, *, actor, request=None) -> ImportJob:
    """Confirm a validated job: apply now (small) or in the background (large)."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied("owner")
    # One confirmation only, even if the button is pressed twice at once: the move from
    # ready to applying is a single conditional UPDATE.
    if not ImportJob.objects.filter(pk=job.pk, status=Status.READY).update(
        status=Status.APPLYING, touched_at=timezone.now()
    ):
        raise ValidationError("Esta importación no está lista para confirmar.")
    if job.total_rows > background_threshold():
        from rinde.plan import tasks

        tasks.apply_import.enqueue(job.pk)
        job.refresh_from_db()
        return job
    return apply_import(job, actor=actor, request=request)


def apply_import(job: ImportJob, *, actor, request=None) -> ImportJob:
    """Write a confirmed job (status applying) in one transaction with its audit entry: a
    structure is read and compared again with the plan first; a cut writes the values
    checked for its preview. If anything no longer holds, nothing is written and the job
    fails with the reasons."""
    try:
        with collector_paused(), transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if job.status != Status.APPLYING:
                return job
            _check_access(actor, kind=job.kind, report=job.report)
            if job.kind == ImportJob.Kind.CUT:
                _apply_cut(job, actor=actor, request=request)
            elif job.kind == ImportJob.Kind.PERIODS:
                _apply_periods(job, actor=actor, request=request)
            else:
                try:
                    table = stored_table(job)
                except spreadsheet.CellErrors as error:
                    raise _rejected(error.errors) from None
                except SpreadsheetError as error:
                    raise _rejected([CellError(0, "", str(error))]) from None
                result = _check(job, table)
                if result["errors"]:
                    raise _rejected(result["errors"])
                _apply_structure(job, result["parsed"], actor=actor, request=request)
            job.status = Status.DONE
            job.processed_rows = job.total_rows
            job.finished_at = timezone.now()
            # Not the checked values again: a 20,000-row cut's are a megabyte of JSON.
            job.touched_at = job.finished_at
            job.save(update_fields=["status", "processed_rows", "finished_at", "touched_at"])
    except ImportRejectedError as rejected:
        ImportJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED,
            errors=[e.as_list() for e in problems.grouped(rejected.errors_found)],
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    except (ValidationError, PermissionDenied) as error:
        message = (
            error.messages[0]
            if isinstance(error, ValidationError)
            else "No tiene permiso para aplicar esta importación, o el plan cambió desde la "
            "vista previa (un indicador o proyecto ya no es de la dependencia). Suba el "
            "archivo otra vez."
        )
        ImportJob.objects.filter(pk=job.pk).update(
            status=Status.FAILED,
            errors=[[0, "", message]],
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job


STALLED_AFTER = timedelta(minutes=30)
STALLED_MESSAGE = (
    "El proceso en segundo plano se detuvo antes de terminar (no dio señales en 30 minutos). "
    "No se importó nada: suba el archivo otra vez."
)


def fail_stalled(now=None) -> int:
    """Give up on running jobs with no sign of life for STALLED_AFTER: their worker died
    (a restart, a crash) and nothing will finish them, so the person watching the status
    page would wait forever. Nothing of theirs was written: applying is one transaction
    that sets the job done inside it. A worker that picks up such a job later leaves it
    alone. Run by manage.py housekeeping and when the status page is opened."""
    now = now or timezone.now()
    return ImportJob.objects.filter(
        status__in=[Status.QUEUED, Status.VALIDATING, Status.APPLYING],
        touched_at__lt=now - STALLED_AFTER,
    ).update(status=Status.FAILED, errors=[[0, "", STALLED_MESSAGE]], finished_at=now)


def _rejected(errors: list[CellError]) -> ImportRejectedError:
    rejected = ImportRejectedError("El archivo ya no es válido.")
    rejected.errors_found = errors
    return rejected


# Monthly cut --------------------------------------------------------------------------------


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


def _check_cut(report: ProgressReport, mapped: mapping.Mapped, *, progress=None) -> dict:
    if report.state not in services.EDITABLE:
        return _failed("Este corte ya no se puede editar.")
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
            *(numbers.format_money(amounts[key]) for key in spreadsheet.MONEY),
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


def _failed(message: str) -> dict:
    return _failed_with([CellError(0, "", message)])


def _failed_with(errors: list[CellError]) -> dict:
    return {"errors": errors, "warnings": [], "summary": {}, "parsed": None}


def _apply_cut(job: ImportJob, *, actor, request=None) -> None:
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


def _kept_finances(report: ProgressReport) -> dict[int, dict]:
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


def _check_periods(plan: Plan, mapped: mapping.Mapped) -> dict:
    goals = {
        code: periods.Goal(pk, department_id, trend)
        for pk, code, department_id, trend in Indicator.objects.filter(
            project__program__component__line__plan=plan
        )
        .annotate(answering=Coalesce("department_id", "project__department_id"))
        .values_list("pk", "code", "answering", "trend")
    }
    rounding: list[CellError] = []
    cuts, errors = periods.parse_periods(
        mapped.rows,
        years=plan_years(plan),
        goals_by_code=goals,
        first_row=mapped.first_row,
        warnings=rounding,
        decimal_separator=mapped.separator,
    )
    if errors:
        return _failed_with(errors)
    names = dict(Department.objects.values_list("pk", "name"))
    latest = {}
    for report in ProgressReport.objects.filter(
        department_id__in={d for d, _p in cuts}, period__in={p for _d, p in cuts}
    ).order_by("version"):
        latest[(report.department_id, report.period)] = report
    preview = []
    for department_id, period in sorted(cuts, key=lambda k: (k[1], names.get(k[0], ""))):
        report = latest.get((department_id, period))
        if report is not None and report.state not in services.EDITABLE:
            errors.append(
                CellError(
                    0,
                    "",
                    f"El corte de {names[department_id]} de {period:%Y-%m} está "
                    f"«{report.get_state_display()}»: no se puede reemplazar desde un archivo "
                    "(si está publicado, corríjalo desde su página).",
                    "locked_cut",
                )
            )
            continue
        preview.append(
            [
                names[department_id],
                period.isoformat(),
                len(cuts[(department_id, period)]),
                report is None,
            ]
        )
    if errors:
        return _failed_with(errors)
    summary = {"cuts": preview, "indicators": sum(len(v) for v in cuts.values())}
    return {"errors": [], "warnings": rounding, "summary": summary, "parsed": cuts}


def _apply_periods(job: ImportJob, *, actor, request=None) -> None:
    """One cut per department and period: opened as a draft if there is none (still
    reviewed as that department's), its values for the file's goals replaced, its other
    values, budget and narrative kept."""
    departments = Department.objects.in_bulk({d for d, _p, _v in job.checked["cuts"]})
    for department_id, period, values in job.checked["cuts"]:
        report = services.start_report(
            plan=job.plan,
            department=departments[department_id],
            period=date.fromisoformat(period),
            actor=actor,
            request=request,
        )
        if report.state not in services.EDITABLE:
            raise ValidationError(
                f"El corte de {report.department} de {period[:7]} ya no se puede editar."
            )
        merged = dict(report.indicator_values.values_list("indicator_id", "value"))
        merged.update({int(k): Decimal(v) for k, v in values.items()})
        services.save_report(
            report, actor=actor, values=merged, finances=_kept_finances(report), request=request
        )
        audit.record(
            actor=actor,
            action="plan.report.import",
            target=report,
            changes={"file": job.filename, "indicators": len(values)},
            request=request,
        )


# Plan structure ------------------------------------------------------------------------------


def department_keys() -> tuple[dict[str, int], dict[int, str]]:
    """({normalized name or code: id}, {id: name}) for matching the department column."""
    keys, names = {}, {}
    for pk, name, code in Department.objects.values_list("pk", "name", "code"):
        keys[structure_sheet.normalize(code)] = pk
        keys[structure_sheet.normalize(name)] = pk
        names[pk] = name
    return keys, names


MODELS = {
    "StrategicLine": StrategicLine,
    "Component": Component,
    "Program": Program,
    "Project": Project,
    "Indicator": Indicator,
}


def existing_structure(plan: Plan) -> structure_sheet.Existing:
    """The plan as plain data, in seven queries whatever its size."""
    items: dict[str, dict[str, dict]] = {}
    for described in HIERARCHY:
        level, model, parent = described.key, MODELS[described.model], described.parent_code_path
        columns = ["pk", "code", *described.fields, *([parent] if parent else [])]
        rows = model.objects.filter(**{described.plan_path: plan}).values(*columns)
        items[level] = {}
        for row in rows:
            data = {k.removesuffix("_id"): v for k, v in row.items() if k not in (parent,)}
            data["parent"] = row[parent] if parent else None
            items[level][row["code"]] = data
    year_targets: dict[str, dict[int, Decimal]] = {}
    for code, year, target in YearTarget.objects.filter(
        indicator__project__program__component__line__plan=plan
    ).values_list("indicator__code", "year", "target"):
        year_targets.setdefault(code, {})[year] = target
    return structure_sheet.Existing(items, year_targets)


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.start_year, plan.end_year + 1))


def _check_structure(plan: Plan, mapped: mapping.Mapped, *, progress=None) -> dict:
    keys, names = department_keys()
    rounding: list[CellError] = []
    parsed, errors = structure_sheet.parse_structure(
        mapped.rows,
        years=plan_years(plan),
        departments=keys,
        progress=progress,
        first_row=mapped.first_row,
        warnings=rounding,
        decimal_separator=mapped.separator,
    )
    if errors:
        return {"errors": errors, "warnings": [], "summary": {}, "parsed": None}
    existing = existing_structure(plan)
    diff, errors = structure_sheet.diff_structure(parsed, existing, department_names=names)
    if errors:
        return {"errors": errors, "warnings": [], "summary": {}, "parsed": None}
    summary = {
        "rows": parsed.rows,
        "created": {lv: len(codes) for lv, codes in diff.creates.items()},
        "updated": {lv: len(codes) for lv, codes in diff.updates.items()},
        "new": [
            [lv, code, parsed.items[lv][code].fields.get("name", "")]
            for lv in LEVELS
            for code in diff.creates[lv]
        ][:PREVIEW_LIMIT],
        "changes": [list(c) for c in diff.changes[:PREVIEW_LIMIT]],
        "changes_total": len(diff.changes),
        "untouched": diff.untouched_indicators,
        "nothing_changes": diff.is_empty,
    }
    return {"errors": [], "warnings": rounding, "summary": summary, "parsed": (parsed, diff)}


def _apply_structure(job: ImportJob, parsed_diff, *, actor, request=None) -> None:
    parsed, diff = parsed_diff
    plan = job.plan
    pks: dict[str, dict[str, int]] = {
        d.key: dict(MODELS[d.model].objects.filter(**{d.plan_path: plan}).values_list("code", "pk"))
        for d in HIERARCHY
    }
    for described in HIERARCHY:
        level, model = described.key, MODELS[described.model]
        new = []
        for code in diff.creates[level]:
            item = parsed.items[level][code]
            data = _model_fields(item.fields)
            if level in ("line", "project", "indicator"):
                # Projects and indicators too: bulk_create skips the save() that copies it.
                data["plan"] = plan
            if level != "line":
                data[described.parent_attr] = pks[described.parent][item.parent]
            new.append(model(code=code, **data))
        created = model.objects.bulk_create(new, batch_size=1000)
        pks[level].update({obj.code: obj.pk for obj in created})
        if diff.updates[level]:
            changed = list(
                model.objects.filter(pk__in=[pks[level][c] for c in diff.updates[level]])
            )
            names: set[str] = set()
            for obj in changed:
                data = _model_fields(parsed.items[level][obj.code].fields)
                for name, value in data.items():
                    setattr(obj, name, value)
                names |= set(data)
            model.objects.bulk_update(changed, sorted(names), batch_size=1000)
    if diff.year_targets:
        indicator_pks = pks["indicator"]
        replaced = {
            (indicator_pks[code], year)
            for code, targets in diff.year_targets.items()
            for year in targets
        }
        stale = [
            pk
            for pk, indicator_id, year in YearTarget.objects.filter(
                indicator_id__in={i for i, _year in replaced}
            ).values_list("pk", "indicator_id", "year")
            if (indicator_id, year) in replaced
        ]
        YearTarget.objects.filter(pk__in=stale).delete()
        YearTarget.objects.bulk_create(
            [
                YearTarget(indicator_id=indicator_pks[code], year=year, target=value)
                for code, targets in diff.year_targets.items()
                for year, value in targets.items()
                if value is not None
            ],
            batch_size=1000,
        )
    audit.record(
        actor=actor,
        action="plan.structure.import",
        target=plan,
        changes={
            "file": job.filename,
            "created": {lv: len(c) for lv, c in diff.creates.items()},
            "updated": {lv: len(c) for lv, c in diff.updates.items()},
            "year_targets": sum(len(t) for t in diff.year_targets.values()),
        },
        request=request,
    )
    # Targets, weights and the tree feed the stored dashboard figures.
    figures.schedule_rebuild(plan)


def _model_fields(fields: dict) -> dict:
    return {("department_id" if k == "department" else k): v for k, v in fields.items()}
