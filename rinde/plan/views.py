from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import charts
from rinde.core.public_cache import public_page
from rinde.entity.models import Department
from rinde.plan import dashboard, services
from rinde.plan.forms import CorrectForm, NewReportForm, ProjectProgressForm, ReviewForm
from rinde.plan.models import (
    Indicator,
    Plan,
    ProgressReport,
    Project,
    ReportState,
    StrategicLine,
    Territory,
)


def current_plan() -> Plan:
    plan = Plan.objects.filter(is_current=True).first()
    if plan is None:
        raise Http404
    return plan


def parse_month(value: str | None, periods: list[date]) -> date | None:
    """?mes=2023-12 → 1 Dec 2023; without it, the latest published month."""
    if value:
        try:
            year, month = (int(p) for p in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise Http404 from None
    return periods[-1] if periods else None


def _public_context(request: HttpRequest, plan: Plan) -> dict:
    periods = dashboard.published_periods(plan)
    as_of = parse_month(request.GET.get("mes"), periods)
    department_id = None
    if request.GET.get("dependencia"):
        try:
            department_id = int(request.GET["dependencia"])
        except ValueError:
            raise Http404 from None
    return {"plan": plan, "periods": periods, "as_of": as_of, "department_id": department_id}


@require_GET
@public_page
def overview(request: HttpRequest) -> HttpResponse:
    plan = current_plan()
    context = _public_context(request, plan)
    as_of = context["as_of"]
    if as_of is None:
        return render(request, "plan/overview.html", {**context, "root": None})
    data = dashboard.load(plan)
    root, _figures = dashboard.compute(plan, data, as_of, department_id=context["department_id"])
    points = dashboard.history(plan, data, as_of, department_id=context["department_id"])
    by_department = []
    for department in (
        Department.objects.filter(projects__program__component__line__plan=plan)
        .distinct()
        .order_by("name")
    ):
        dep_root, _unused = dashboard.compute(plan, data, as_of, department_id=department.pk)
        by_department.append((department, dep_root))
    return render(
        request,
        "plan/overview.html",
        {
            **context,
            "root": root,
            "points": points,
            "chart": charts.history_svg(
                points,
                title=_("Avance físico del plan, mes a mes"),
                description=_(
                    "Porcentaje de avance del plan al cierre de cada mes; los datos están en la tabla siguiente."
                ),
            ),
            "by_department": by_department,
            "departments": [d for d, _node in by_department],
        },
    )


@require_GET
@public_page
def line_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = current_plan()
    line = get_object_or_404(StrategicLine, plan=plan, code=code)
    context = _public_context(request, plan)
    if context["as_of"] is None:
        raise Http404
    root, _figures = dashboard.compute(
        plan, dashboard.load(plan), context["as_of"], department_id=context["department_id"]
    )
    node = dashboard.find(root, line)
    if node is None:
        raise Http404
    return render(request, "plan/line.html", {**context, "line": line, "node": node})


@require_GET
@public_page
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = current_plan()
    project = get_object_or_404(
        Project.objects.select_related("program__component__line", "department"),
        code=code,
        program__component__line__plan=plan,
    )
    context = _public_context(request, plan)
    if context["as_of"] is None:
        raise Http404
    data = dashboard.load(plan)
    root, figures = dashboard.compute(plan, data, context["as_of"])
    node = dashboard.find(root, project)
    reports = list(
        project.progress.filter(
            report__state__in=[ReportState.APPROVED, ReportState.SUPERSEDED],
            report__period__lte=context["as_of"],
        )
        .select_related("report")
        .prefetch_related("territories")
        .order_by("-report__period", "-report__version")
    )
    return render(
        request,
        "plan/project.html",
        {
            **context,
            "project": project,
            "node": node,
            "figures": [figures[i.pk] for i in project.indicators.all() if i.pk in figures],
            "reports": reports,
        },
    )


# Staff ------------------------------------------------------------------------------------


def _reports_for(user):
    allowed = permissions.department_ids_for(user)
    qs = ProgressReport.objects.select_related("department", "plan")
    return qs if allowed is None else qs.filter(department_id__in=allowed)


@staff_view(Role.OFFICER, Role.PLANNING)
def staff_reports(request: HttpRequest) -> HttpResponse:
    plan = Plan.objects.filter(is_current=True).first()
    allowed = permissions.department_ids_for(request.user)
    departments = (
        Department.objects.active().filter(projects__program__component__line__plan=plan).distinct()
    )
    if allowed is not None:
        departments = departments.filter(pk__in=allowed)
    form = NewReportForm(request.POST or None, departments=departments)
    if request.method == "POST" and plan and form.is_valid():
        try:
            report = services.start_report(
                plan=plan,
                department=form.cleaned_data["department"],
                period=form.cleaned_data["period"],
                actor=request.user,
                request=request,
            )
            return redirect("plan:staff_report", pk=report.pk)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
    reports = _reports_for(request.user).order_by("-period", "department__name", "-version")[:200]
    return render(
        request,
        "plan/staff_reports.html",
        {
            "plan": plan,
            "form": form,
            "reports": reports,
            "to_review": [r for r in reports if r.state == ReportState.SUBMITTED],
            "can_review": permissions.has_role(request.user, Role.PLANNING),
        },
    )


@staff_view(Role.OFFICER, Role.PLANNING)
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    indicators = list(
        Indicator.objects.filter(project__department=report.department)
        .select_related("project")
        .order_by("project__code", "code")
    )
    projects = list(Project.objects.filter(department=report.department).order_by("code"))
    existing_values = {v.indicator_id: v.value for v in report.indicator_values.all()}
    existing_progress = {
        p.project_id: p for p in report.project_progress.prefetch_related("territories")
    }
    editable = report.state in services.EDITABLE
    errors: list[str] = []
    project_forms = [
        ProjectProgressForm(
            request.POST or None,
            prefix=f"p{p.pk}",
            instance=existing_progress.get(p.pk),
            territories=Territory.objects.all(),
        )
        for p in projects
    ]
    if request.method == "POST" and editable:
        values = {}
        for indicator in indicators:
            raw = request.POST.get(f"i{indicator.pk}", "").strip().replace(",", ".")
            if raw == "":
                values[indicator.pk] = None
                continue
            try:
                value = Decimal(raw)
                if not value.is_finite():
                    raise InvalidOperation
                values[indicator.pk] = value
            except InvalidOperation:
                errors.append(
                    _("Indicador %(code)s: «%(raw)s» no es un número.")
                    % {"code": indicator.code, "raw": raw[:20]}
                )
        finances = {}
        for project, form in zip(projects, project_forms, strict=True):
            if form.is_valid():
                data = dict(form.cleaned_data)
                data["territories"] = list(data.pop("territories", []))
                finances[project.pk] = data
            else:
                for field, field_errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    errors.extend(f"{project.code} · {label}: {e}" for e in field_errors)
        if not errors:
            try:
                services.save_report(
                    report, actor=request.user, values=values, finances=finances, request=request
                )
                if request.POST.get("submit"):
                    services.submit_report(report, actor=request.user, request=request)
                    messages.success(request, _("El corte se envió a Planeación."))
                else:
                    messages.success(request, _("Borrador guardado."))
                return redirect("plan:staff_report", pk=report.pk)
            except ValidationError as error:
                errors.append(error.messages[0])
        existing_values = {i.pk: request.POST.get(f"i{i.pk}", "") for i in indicators}
    return render(
        request,
        "plan/staff_report.html",
        {
            "report": report,
            "rows": [(i, existing_values.get(i.pk, "")) for i in indicators],
            "project_forms": list(zip(projects, project_forms, strict=True)),
            "editable": editable,
            "errors": errors,
            "can_review": permissions.has_role(request.user, Role.PLANNING)
            and report.state == ReportState.SUBMITTED,
            "review_form": ReviewForm(),
            "correct_form": CorrectForm(),
        },
        status=400 if errors else 200,
    )


@staff_view(Role.PLANNING)
@require_POST
def staff_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_report(
                report,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
                request=request,
            )
            messages.success(request, _("Decisión guardada."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, _("Elija aprobar o devolver."))
    return redirect("plan:staff_report", pk=report.pk)


@staff_view(Role.OFFICER, Role.PLANNING)
@require_POST
def staff_correct(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    form = CorrectForm(request.POST)
    if form.is_valid():
        try:
            new = services.correct_report(
                report, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
            return redirect("plan:staff_report", pk=new.pk)
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, _("Escriba el motivo de la corrección."))
    return redirect("plan:staff_report", pk=report.pk)
