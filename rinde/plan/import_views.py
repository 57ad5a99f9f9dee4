"""Staff spreadsheet pages: the monthly cut's export and import, the plan structure's
template, export and import, and the status page of an import running in the background.

Every import: upload → preview with every error by row and column → confirm → all rows in
one transaction, or none (import_services.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.plan import import_services, services, spreadsheet, structure_sheet
from rinde.plan.importing import structure
from rinde.plan.importing.problems import CellError, from_stored
from rinde.plan.models import ImportJob, Indicator, Plan, YearTarget
from rinde.plan.views import _reports_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "plan:import:{pk}"
STRUCTURE_SESSION_KEY = "plan:import:structure"


def _current_plan() -> Plan:
    plan = Plan.objects.filter(is_current=True).first()
    if plan is None:
        raise Http404
    return plan


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _errors(job: ImportJob | None) -> list[CellError]:
    return [] if job is None else from_stored(job.errors)


def _warnings(job: ImportJob | None) -> list[CellError]:
    return [] if job is None else from_stored(job.warnings)


def _receive(request: HttpRequest, *, kind: str, plan: Plan, report=None):
    """→ (job, [CellError]). Reads and checks the upload; validates small files at once."""
    upload = request.FILES.get("file")
    if upload is None:
        return None, [CellError(0, "", _("Elija un archivo .xlsx o .csv."))]
    try:
        data, table = import_services.read_upload(upload)
    except spreadsheet.CellErrors as error:
        return None, error.errors
    except spreadsheet.SpreadsheetError as error:
        return None, [CellError(0, "", str(error))]
    job = import_services.start_import(
        kind=kind,
        plan=plan,
        report=report,
        actor=request.user,
        filename=upload.name,
        data=data,
        table=table,
    )
    if (
        job.status == ImportJob.Status.QUEUED
        and job.total_rows <= import_services.background_threshold()
    ):
        job = import_services.validate_import(job, table=table)
    return job, _errors(job)


def _confirm(request: HttpRequest, key: str, *, done_url: str, retry_url: str) -> HttpResponse:
    job_pk = request.session.pop(key, None)
    job = ImportJob.objects.filter(pk=job_pk, created_by=request.user).first()
    if job is None:
        messages.error(request, _("La vista previa venció. Suba el archivo otra vez."))
        return redirect(retry_url)
    try:
        job = import_services.queue_apply(job, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(retry_url)
    if job.status == ImportJob.Status.DONE:
        messages.success(request, _("Importación aplicada."))
        return redirect(done_url)
    return redirect("plan:import_job", pk=job.pk)


# Monthly cut -----------------------------------------------------------------------------


@staff_view(Role.OFFICER, Role.PLANNING)
@require_GET
def staff_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The cut in the tracking-sheet layout: a blank template or the values already typed."""
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    indicators = list(
        Indicator.objects.filter(plan=report.plan_id)
        .of_department(report.department_id)
        .select_related("project__program__component__line")
        .order_by("project__code", "code")
    )
    values = {v.indicator_id: v.value for v in report.indicator_values.all()}
    money = {
        p.project_id: (p.appropriation, p.commitments, p.obligations, p.payments)
        for p in report.project_progress.all()
    }
    content = spreadsheet.write_cut(report.department, indicators, values, money)
    return _xlsx(
        content,
        f"corte-{report.department.code}-{report.period:%Y-%m}-v{report.version}.xlsx",
    )


@staff_view(Role.OFFICER, Role.PLANNING)
def staff_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload → preview with every error by row and column → confirm: all rows or none."""
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    if report.state not in services.EDITABLE:
        messages.error(request, _("Este corte ya no se puede editar."))
        return redirect("plan:staff_report", pk=report.pk)
    key = IMPORT_SESSION_KEY.format(pk=report.pk)
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(
            request,
            key,
            done_url=reverse("plan:staff_report", args=[report.pk]),
            retry_url=reverse("plan:staff_import", args=[report.pk]),
        )
    job, errors = None, []
    if request.method == "POST":
        job, errors = _receive(request, kind=ImportJob.Kind.CUT, plan=report.plan, report=report)
        if job is not None and job.status == ImportJob.Status.MAPPING:
            return redirect("plan:import_columns", pk=job.pk)
        if job is not None and job.is_running:
            return redirect("plan:import_job", pk=job.pk)
        if job is not None and not errors:
            request.session[key] = job.pk
    return render(
        request,
        "plan/staff_import.html",
        {
            "report": report,
            "job": job,
            "errors": errors,
            "warnings": _warnings(job),
            "threshold": import_services.background_threshold(),
        },
        status=400 if errors else 200,
    )


# Plan structure --------------------------------------------------------------------------


@staff_view(Role.PLANNING)
@require_GET
def structure_template(request: HttpRequest) -> HttpResponse:
    plan = _current_plan()
    content = structure_sheet.write_structure(structure.plan_years(plan), [])
    return _xlsx(content, "plantilla-plan-indicativo.xlsx")


@staff_view(Role.PLANNING)
@require_GET
def structure_export(request: HttpRequest) -> HttpResponse:
    """The current plan in the template's layout, one row per indicator (three queries)."""
    plan = _current_plan()
    years = structure.plan_years(plan)
    targets: dict[int, dict[int, object]] = {}
    for indicator_id, year, target in YearTarget.objects.filter(
        indicator__project__program__component__line__plan=plan
    ).values_list("indicator_id", "year", "target"):
        targets.setdefault(indicator_id, {})[year] = target
    indicators = (
        Indicator.objects.filter(project__program__component__line__plan=plan)
        .select_related("project__program__component__line", "project__department", "department")
        .order_by(
            "project__program__component__line__code",
            "project__program__component__code",
            "project__program__code",
            "project__code",
            "code",
        )
    )
    rows = (
        structure_sheet.export_row(
            i.project.program.component.line,
            i.project.program.component,
            i.project.program,
            i.project,
            i,
            years,
            targets.get(i.pk, {}),
        )
        for i in indicators.iterator(chunk_size=2000)
    )
    content = structure_sheet.write_structure(years, rows)
    return _xlsx(content, f"plan-indicativo-{plan.start_year}-{plan.end_year}.xlsx")


@staff_view(Role.PLANNING)
def structure_import(request: HttpRequest) -> HttpResponse:
    plan = _current_plan()
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(
            request,
            STRUCTURE_SESSION_KEY,
            done_url=reverse("plan:staff_reports"),
            retry_url=reverse("plan:structure_import"),
        )
    job, errors = None, []
    if request.method == "POST":
        job, errors = _receive(request, kind=ImportJob.Kind.STRUCTURE, plan=plan)
        if job is not None and job.status == ImportJob.Status.MAPPING:
            return redirect("plan:import_columns", pk=job.pk)
        if job is not None and job.is_running:
            return redirect("plan:import_job", pk=job.pk)
        if job is not None and not errors:
            request.session[STRUCTURE_SESSION_KEY] = job.pk
    return render(
        request,
        "plan/structure_import.html",
        {
            "plan": plan,
            "job": job,
            "errors": errors,
            "warnings": _warnings(job),
            "years": structure.plan_years(plan),
            "columns": structure_sheet.COLUMNS,
            "weight_column": structure_sheet.WEIGHT_COLUMN,
            "threshold": import_services.background_threshold(),
        },
        status=400 if errors else 200,
    )


# Background jobs ------------------------------------------------------------------------


def _job_for(user, pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.select_related("report__department", "plan"),
        pk=pk,
        plan__in=Plan.objects.all(),
    )
    if job.created_by_id != user.pk and not permissions.has_role(user, Role.PLANNING):
        raise Http404
    return job


@staff_view(Role.OFFICER, Role.PLANNING)
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress; refreshes itself (a meta refresh, no JavaScript) while it runs."""
    import_services.fail_stalled()  # a job its worker left half-done says so, here and now
    job = _job_for(request.user, pk)
    return render(
        request,
        "plan/import_job.html",
        {
            "job": job,
            "errors": _errors(job),
            "warnings": _warnings(job),
            "can_confirm": job.status == ImportJob.Status.READY
            and job.created_by_id == request.user.pk,
        },
    )


@staff_view(Role.OFFICER, Role.PLANNING)
@require_POST
def import_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    try:
        job = import_services.queue_apply(job, actor=request.user, request=request)
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request,
            error.messages[0]
            if isinstance(error, ValidationError)
            else _("Solo quien subió el archivo puede confirmarlo."),
        )
    return redirect("plan:import_job", pk=job.pk)


# Every department's progress for several periods ----------------------------------------


@staff_view(Role.PLANNING)
def period_import(request: HttpRequest) -> HttpResponse:
    """One file with every department's progress for one or several periods (a plan
    brought in mid-term): each department's part of each period becomes its draft cut."""
    plan = _current_plan()
    job, errors = None, []
    if request.method == "POST":
        job, errors = _receive(request, kind=ImportJob.Kind.PERIODS, plan=plan)
        if job is not None and job.status == ImportJob.Status.MAPPING:
            return redirect("plan:import_columns", pk=job.pk)
        if job is not None:
            return redirect("plan:import_job", pk=job.pk)
    return render(
        request,
        "plan/period_import.html",
        {
            "plan": plan,
            "errors": errors,
            "years": structure.plan_years(plan),
            "threshold": import_services.background_threshold(),
        },
        status=400 if errors else 200,
    )
