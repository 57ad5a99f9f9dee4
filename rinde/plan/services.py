"""Monthly cuts: draft, submit, approve or return, correct. One transaction each, audited."""

from datetime import date
from decimal import Decimal
from functools import partial
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, Max
from django.utils import timezone

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit, files
from rinde.plan import figures, periods
from rinde.plan.models import (
    Evidence,
    Indicator,
    IndicatorValue,
    Plan,
    ProgressReport,
    Project,
    ProjectProgress,
    ReportState,
)
from rinde.plan.money_rules import MONEY_FIELDS
from rinde.subscriptions import notifications

EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)


def _require_department(actor, department_id: int) -> None:
    if not permissions.has_role(actor, Role.OFFICER, Role.PLANNING):
        raise PermissionDenied("role")
    permissions.check_department(actor, department_id)


@transaction.atomic
def start_report(*, plan: Plan, department, period: date, actor, request=None) -> ProgressReport:
    """Open the draft cut of a department for a month (or return the open one)."""
    _require_department(actor, department.pk)
    period = period.replace(day=1)
    if not plan.start_year <= period.year <= plan.end_year:
        raise ValidationError("El mes está fuera de los años del plan.")
    if not periods.is_period(plan, period):
        # A quarterly plan's cuts are stored under March, June…: one per department and
        # period, never one per month.
        raise ValidationError("Ese mes no cierra un periodo de corte del plan.")
    existing = (
        ProgressReport.objects.filter(plan=plan, department=department, period=period)
        .order_by("-version")
        .first()
    )
    if existing is not None and existing.state in (*EDITABLE, ReportState.SUBMITTED):
        return existing
    if existing is not None and existing.state == ReportState.APPROVED:
        raise ValidationError(
            "Ese mes ya está publicado: use «Corregir» para crear una versión nueva."
        )
    report = ProgressReport.objects.create(
        plan=plan, department=department, period=period, created_by=actor
    )
    audit.record(actor=actor, action="plan.report.start", target=report, request=request)
    return report


@transaction.atomic
def save_report(
    report: ProgressReport,
    *,
    actor,
    values: dict[int, Decimal | None],
    finances: dict[int, dict],
    request=None,
) -> ProgressReport:
    """Store the month's values: {indicator_id: value} and {project_id: {field: value}}."""
    # The plan comes along for its entity (the values' key); only the cut is locked.
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("plan")
        .get(pk=report.pk)
    )
    _require_department(actor, report.department_id)
    if report.state not in EDITABLE:
        raise ValidationError("Este corte ya no se puede editar.")
    # {pk: code} of what the department may report: checked here, named in the audit.
    indicator_codes = dict(
        Indicator.objects.filter(plan=report.plan_id)
        .of_department(report.department_id)
        .values_list("pk", "code")
    )
    project_codes = dict(
        Project.objects.filter(plan=report.plan_id, department=report.department_id).values_list(
            "pk", "code"
        )
    )
    if values.keys() - indicator_codes.keys() or finances.keys() - project_codes.keys():
        raise PermissionDenied("department")
    figures_before = _audit_figures(report.pk)  # the audit entry records what changed
    IndicatorValue.objects.filter(report=report).delete()
    _insert_values(report.pk, values, entity_id=report.plan.entity_id)
    _delete_progress(report.pk)
    # Batched inserts, not one per project: an imported cut may have thousands of projects.
    territories = {pk: data.pop("territories", []) for pk, data in finances.items()}
    _insert_progress(report.pk, finances)
    if any(territories.values()):
        progress_ids = dict(
            ProjectProgress.objects.filter(report=report).values_list("project_id", "pk")
        )
        through = ProjectProgress.territories.through
        through.objects.bulk_create(
            through(projectprogress_id=progress_ids[project_id], territory_id=getattr(t, "pk", t))
            for project_id, chosen in territories.items()
            for t in chosen
        )
    audit.record(
        actor=actor,
        action="plan.report.save",
        target=report,
        changes={
            "indicators": len(values),
            "projects": len(finances),
            **audit.diff(
                figures_before,
                _written_figures(values, finances, indicator_codes, project_codes),
            ),
        },
        request=request,
    )
    return report


def _audit_figures(report_id: int) -> dict[str, str]:
    """A cut's figures for the audit trail: "indicador <code>" -> value and
    "proyecto <code> <field>" -> amount, as text so the JSON keeps every digit."""
    figures = {
        f"indicador {code}": None if value is None else str(value)
        for code, value in IndicatorValue.objects.filter(report_id=report_id).values_list(
            "indicator__code", "value"
        )
    }
    for row in ProjectProgress.objects.filter(report_id=report_id).values_list(
        "project__code", *MONEY_FIELDS
    ):
        for field, amount in zip(MONEY_FIELDS, row[1:], strict=True):
            figures[f"proyecto {row[0]} {field}"] = str(amount)
    return figures


def _written_figures(
    values: dict[int, Decimal | None],
    finances: dict[int, dict],
    indicator_codes: dict[int, str],
    project_codes: dict[int, str],
) -> dict[str, str]:
    """What `_audit_figures` reads back after the write, built from the values written
    rather than read again: a 20,000-row cut's second read and its 45,000 Decimal
    conversions were a fifth of the import's write (bench/plan_import.py). Each number
    is written as the column stores it, at its decimal places (checked to fit before)."""
    value_field = IndicatorValue._meta.get_field("value")
    figures = {
        f"indicador {indicator_codes[pk]}": _as_stored(value_field, value)
        for pk, value in values.items()
        if value is not None
    }
    money = [cast(DecimalField, ProjectProgress._meta.get_field(name)) for name in MONEY_FIELDS]
    for project_id, data in finances.items():
        for field in money:
            amount = data.get(field.name, field.get_default())
            figures[f"proyecto {project_codes[project_id]} {field.name}"] = _as_stored(
                field, amount
            )
    return figures


def _as_stored(field, value) -> str:
    """A number as a DecimalField column gives it back: at the column's decimal places."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))


def _insert_values(
    report_id: int, values: dict[int, Decimal | None], *, entity_id: int | None
) -> None:
    """One prepared INSERT run for every value. The ORM's bulk_create builds each row in
    Python: for a 20,000-indicator cut it took 1.4 s of a 2 s import (bench/plan_import.py);
    executemany takes a tenth of that. No signals or save() hooks exist on IndicatorValue.
    Every row takes the plan's entity, given once (the column's default is not the
    database's: a row without it would be refused)."""
    rows = [(entity_id, report_id, pk, value) for pk, value in values.items() if value is not None]
    _insert_rows(IndicatorValue, ["entity_id", "report_id", "indicator_id", "value"], rows)


def _delete_progress(report_id: int) -> None:
    """Delete the cut's project rows and their territory links. The ORM's delete() of
    thousands of ProjectProgress rows fetched each one as an instance to cascade to the
    territory links (0.1 s of a 20,000-row import); the links go first in one statement,
    then the rows in another. Nothing else points at ProjectProgress and nothing listens to
    its deletion; a new foreign key to it would make this DELETE fail, not leave orphans."""
    through = ProjectProgress.territories.through
    through.objects.filter(projectprogress__report_id=report_id).delete()
    db = transaction.get_connection()
    # Identifiers come from the model's metadata, quoted; the id goes as a parameter.
    sql = "DELETE FROM {} WHERE {} = %s".format(  # noqa: S608 # nosec B608
        db.ops.quote_name(ProjectProgress._meta.db_table),
        db.ops.quote_name(ProjectProgress._meta.get_field("report").column),
    )
    with db.cursor() as cursor:
        cursor.execute(sql, [report_id])


def _insert_progress(report_id: int, finances: dict[int, dict]) -> None:
    """One row per project: {project_id: {field name: value}}; a field left out takes its
    default, as ProjectProgress(**data) would. Rows are plain tuples, not model instances:
    building 5,000 instances and preparing each cell through its field took 0.1 s of a
    20,000-row import. ProjectProgress has no signals, save() hooks or auto_now fields."""
    meta = ProjectProgress._meta
    fields = [
        f
        for f in meta.concrete_fields
        if not f.primary_key and f.attname not in ("report_id", "project_id")
    ]
    names = {f.name for f in fields}
    defaults = [f.get_default() for f in fields]
    db = transaction.get_connection()
    rows = []
    for project_id, data in finances.items():
        if unknown := data.keys() - names:
            raise TypeError(f"ProjectProgress has no field {sorted(unknown)[0]!r}")
        rows.append(
            (
                report_id,
                project_id,
                *(
                    _prepared(f, data.get(f.name, default), db)
                    for f, default in zip(fields, defaults, strict=True)
                ),
            )
        )
    _insert_rows(ProjectProgress, ["report_id", "project_id", *(f.attname for f in fields)], rows)


def _prepared(field, value, db):
    """A Decimal or a str is what a money or text column stores, as the field would prepare
    it; anything else (an int, a lazy string, None) goes through the field like the ORM's
    insert, so money is never written as a float."""
    if type(value) is Decimal or type(value) is str:
        return value
    return field.get_db_prep_save(value, connection=db)


def _insert_rows(model, attnames: list[str], rows: list[tuple]) -> None:
    """Insert rows (tuples of values ready for the database, in `attnames` order) with one
    prepared statement run by executemany."""
    if not rows:
        return
    meta = model._meta
    # The connection itself, not django.db.connection's per-attribute proxy.
    db = transaction.get_connection()
    quote = db.ops.quote_name
    column_of = {f.attname: f.column for f in meta.concrete_fields}
    columns = [column_of[name] for name in attnames]
    # Identifiers come from the model's metadata, quoted; values go as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 # nosec B608
        quote(meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with db.cursor() as cursor:
        cursor.executemany(sql, rows)


@transaction.atomic
def submit_report(report: ProgressReport, *, actor, request=None) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _require_department(actor, report.department_id)
    if report.state not in EDITABLE:
        raise ValidationError("Solo se envía un corte en borrador o devuelto.")
    if not report.indicator_values.exists() and not report.project_progress.exists():
        raise ValidationError("El corte está vacío: registre al menos un valor antes de enviarlo.")
    state_before = report.state
    report.state = ReportState.SUBMITTED
    report.save(update_fields=["state"])
    audit.record(
        actor=actor,
        action="plan.report.submit",
        target=report,
        changes={"state": [state_before, report.state]},
        request=request,
    )
    _notify(report, "submitted", actor)
    return report


@transaction.atomic
def review_report(
    report: ProgressReport, *, actor, approve: bool, comment: str = "", request=None
) -> ProgressReport:
    """Planning approves (publishes, superseding an earlier approved version) or returns."""
    if not permissions.has_role(actor, Role.PLANNING):
        raise PermissionDenied("role")
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError("Este corte no está en revisión.")
    state_before = report.state
    report.reviewed_by = actor
    report.review_comment = comment.strip()
    if approve:
        ProgressReport.objects.filter(
            department=report.department_id, period=report.period, state=ReportState.APPROVED
        ).update(state=ReportState.SUPERSEDED)
        report.state = ReportState.APPROVED
        report.approved_at = timezone.now()
        for evidence in report.evidence.filter(public_file=""):
            expose_evidence(evidence)
        figures.schedule_rebuild(report.plan)
        notifications.cut_published(report)  # e-mail the projects' subscribers, after commit
    else:
        if not comment.strip():
            raise ValidationError("Escriba qué debe corregir la dependencia.")
        report.state = ReportState.RETURNED
    report.save()
    audit.record(
        actor=actor,
        action="plan.report.approve" if approve else "plan.report.return",
        target=report,
        changes={"comment": comment, "state": [state_before, report.state]},
        request=request,
    )
    _notify(report, "approved" if approve else "returned", actor)
    return report


def _notify(report: ProgressReport, event: str, actor) -> None:
    """E-mail whoever acts next, through the worker once the change is committed (a slow
    mail server never delays or undoes the decision)."""
    # Not at the top: plan.tasks imports plan.import_services, whose cut import
    # (plan.importing.cuts) imports this module.
    from rinde.plan.tasks import send_cut_notice  # noqa: PLC0415

    transaction.on_commit(partial(send_cut_notice.enqueue, report.pk, event, actor.pk), robust=True)


@transaction.atomic
def correct_report(report: ProgressReport, *, actor, reason: str, request=None) -> ProgressReport:
    """A published cut is never edited: its correction is a new draft version with the same
    figures to change, published only when planning approves it."""
    _require_department(actor, report.department_id)
    if report.state != ReportState.APPROVED:
        raise ValidationError("Solo se corrige un corte publicado.")
    if not reason.strip():
        raise ValidationError(
            "Escriba el motivo de la corrección: se publica con la nueva versión."
        )
    if ProgressReport.objects.filter(
        department=report.department_id,
        period=report.period,
        state__in=[*EDITABLE, ReportState.SUBMITTED],
    ).exists():
        raise ValidationError("Ya hay una corrección en curso para ese mes.")
    version = (
        ProgressReport.objects.filter(
            department=report.department_id, period=report.period
        ).aggregate(v=Max("version"))["v"]
        + 1
    )
    new = ProgressReport.objects.create(
        plan=report.plan,
        department=report.department,
        period=report.period,
        version=version,
        created_by=actor,
        correction_reason=reason.strip(),
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            entity_id=new.plan.entity_id,
            report=new,
            indicator_id=v.indicator_id,
            value=v.value,
        )
        for v in report.indicator_values.all()
    )
    # The private files stay where they are: both versions point at them. The draft gets no
    # public copy until planning approves it (the published version keeps its own).
    Evidence.objects.bulk_create(
        Evidence(
            report=new,
            project_id=e.project_id,
            kind=e.kind,
            title=e.title,
            file=e.file.name,
            original_name=e.original_name,
            alt_text=e.alt_text,
            size=e.size,
            uploaded_by_id=e.uploaded_by_id,
        )
        for e in report.evidence.all()
    )
    for old in report.project_progress.prefetch_related("territories"):
        territories = list(old.territories.all())
        old.pk = None
        old._state.adding = True
        old.report = new
        old.save()
        old.territories.set(territories)
    audit.record(
        actor=actor,
        action="plan.report.correct",
        target=new,
        changes={"from_version": report.version, "reason": reason},
        request=request,
    )
    return new


def expose_evidence(evidence: Evidence) -> None:
    """Give the evidence of an approved cut its public copy under a new generated name; the
    upload stays in private storage, where the cut's drafts live. Saves `public_file`."""
    evidence.public_file.name = files.copy_to_public(evidence.file, "plan/evidencias/%Y/%m")
    evidence.save(update_fields=["public_file"])


@transaction.atomic
def add_evidence(
    report: ProgressReport, *, actor, project, kind, title, file, alt_text="", request=None
) -> Evidence:
    """Attach a photo (with its alt text) or a PDF to a project of an editable cut. The
    form has checked and cleaned the file (core.files.clean_upload); this checks who and
    where. The file stays private until the cut is approved."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _require_department(actor, report.department_id)
    if report.state not in EDITABLE:
        raise ValidationError("Este corte ya no se puede editar.")
    if project.department_id != report.department_id:
        raise PermissionDenied("department")
    if kind == Evidence.Kind.PHOTO and not alt_text.strip():
        raise ValidationError("Escriba el texto alternativo de la fotografía.")
    evidence = Evidence.objects.create(
        report=report,
        project=project,
        kind=kind,
        title=title.strip(),
        file=file,
        original_name=getattr(file, "original_name", ""),
        alt_text=alt_text.strip(),
        size=file.size,
        uploaded_by=actor,
    )
    audit.record(
        actor=actor,
        action="plan.evidence.add",
        target=report,
        changes={"project": project.code, "title": evidence.title, "kind": kind},
        request=request,
    )
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor, request=None) -> None:
    """Only from a cut still being written; the file itself is kept, as a published
    version of the cut may point at it."""
    report = ProgressReport.objects.select_for_update().get(pk=evidence.report_id)
    _require_department(actor, report.department_id)
    if report.state not in EDITABLE:
        raise ValidationError("Este corte ya no se puede editar.")
    audit.record(
        actor=actor,
        action="plan.evidence.remove",
        target=report,
        changes={"project": evidence.project.code, "title": evidence.title},
        request=request,
    )
    evidence.delete()
