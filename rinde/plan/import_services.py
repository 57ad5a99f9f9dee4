"""Spreadsheet imports, the job's life: start, choose columns, validate, apply. What each
kind of file means lives in rinde/plan/importing/ (cuts.py, period_files.py, structure.py;
the reader, the mapping step and the problems shown beside them).

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
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.plan import spreadsheet, structure_sheet, tasks  # tasks uses us only when run
from rinde.plan.importing import cuts, mapping, period_files, periods, problems, structure
from rinde.plan.models import (
    ColumnMapping,
    ImportJob,
    Plan,
    ProgressReport,
)
from rinde.plan.spreadsheet import CellError, SpreadsheetError

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
        transaction.on_commit(lambda: tasks.validate_import.enqueue(job.pk))
    return job


def fields_of(job: ImportJob) -> tuple[list[mapping.Field], set[str]]:
    """The fields the job's layout reads, and the titles of Rinde's own export that it
    does not read (for people: never listed as ignored)."""
    if job.kind == ImportJob.Kind.CUT:
        return spreadsheet.FIELDS, spreadsheet.KNOWN_TITLES
    if job.kind == ImportJob.Kind.PERIODS:
        return periods.fields(structure.plan_years(job.plan)), set()
    return structure_sheet.fields(structure.plan_years(job.plan)), set()


def _choose_columns(job: ImportJob, table: spreadsheet.Table) -> bool:
    """Set the job's header and columns; → whether the planner must confirm them."""
    fields, known = fields_of(job)
    header = mapping.detect_header(table, fields)
    # The layouts this entity's planners confirmed: those of its plans' jobs.
    saved = ColumnMapping.objects.filter(
        entity=job.plan.entity_id, kind=job.kind, signature=header.signature()
    ).first()
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
        entity_id=job.plan.entity_id,
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
        result = problems.failed_with(mapped.errors)
    elif job.kind == ImportJob.Kind.CUT:
        result = cuts.check_cut(job.report, mapped, progress=progress)
    elif job.kind == ImportJob.Kind.PERIODS:
        result = period_files.check_periods(job.plan, mapped)
    else:
        result = structure.check_structure(job.plan, mapped, progress=progress)

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
                cuts.apply_cut(job, actor=actor, request=request)
            elif job.kind == ImportJob.Kind.PERIODS:
                period_files.apply_periods(job, actor=actor, request=request)
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
                structure.apply_structure(job, result["parsed"], actor=actor, request=request)
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
