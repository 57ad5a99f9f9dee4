from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core import charts, formatting
from rinde.core.public_cache import public_page
from rinde.entity.models import Department
from rinde.plan import action_plan, corrections, dashboard, figures, plans, services
from rinde.plan.forms import (
    CorrectForm,
    CutValuesForm,
    NewReportForm,
    ProjectProgressForm,
    ReviewForm,
)
from rinde.plan.models import (
    Indicator,
    IndicatorValue,
    Plan,
    PlanFigures,
    Program,
    ProgressReport,
    Project,
    ReportState,
    StrategicLine,
    Territory,
)


def current_plan(slug: str | None = None) -> Plan:
    """The plan of a public page: /plan/<slug>/… or, without a slug, the vigente one."""
    return plans.public_plan(slug)


@lru_cache(maxsize=512)
def _month_label(month: date, language: str) -> str:
    return capfirst(formatting.month_year(month))


def month_label(month: date) -> str:
    """«Diciembre de 2023»: formatted once per month and language, as the filters list every
    published month on every dashboard page."""
    return _month_label(month, get_language())


def parse_month(value: str | None, periods: list[date]) -> date | None:
    """?mes=2023-12 → 1 Dec 2023; without it, the latest published month."""
    if value:
        try:
            year, month = (int(p) for p in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise Http404 from None
    return periods[-1] if periods else None


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def _department_figures(plan: Plan, as_of: date | None) -> list[tuple]:
    """Every department with figures in the month: (pk, name, progress, appropriation,
    commitments, payments, expected, year progress, year expected), by name. One query, no
    model instances."""
    return list(
        PlanFigures.objects.filter(plan=plan, period=as_of, department__isnull=False)
        .order_by("department__name")
        .values_list(
            "department_id",
            "department__name",
            "progress",
            "appropriation",
            "commitments",
            "payments",
            "expected",
            "year_progress",
            "year_expected",
        )
    )


def _public_context(
    request: HttpRequest, plan: Plan, *, detail: bool = True, department_figures: bool = False
) -> dict:
    """The month and the filters (one department or one territory) of a dashboard page,
    and the stored figures row they select (None before the first approved cut). With
    `department_figures`, each department's figures come too (the filter's list is
    the same rows)."""
    periods = dashboard.published_periods(plan)
    as_of = parse_month(request.GET.get("mes"), periods)
    department_id = _int_param(request, "dependencia")
    territory_id = _int_param(request, "territorio")
    if department_id and territory_id:
        territory_id = None  # one filter at a time: the department wins
    if department_id:
        scope = figures.department_scope(department_id)
    elif territory_id:
        scope = figures.territory_scope(territory_id)
    else:
        scope = figures.PLAN_SCOPE
    row = None
    rows = PlanFigures.objects.filter(plan=plan, scope=scope)
    if not detail:
        rows = rows.defer("detail")
    if as_of is not None:
        row = rows.filter(period=as_of).first()
        if row is None and scope == figures.PLAN_SCOPE and as_of in periods:
            # Approved a moment ago: the background rebuild has not written it yet.
            row = rows.order_by("-period").first()
            as_of = row.period if row else as_of
    by_department = _department_figures(plan, as_of) if department_figures else []
    query = {"mes": f"{as_of:%Y-%m}"} if as_of else {}
    if department_id:
        query["dependencia"] = department_id
    elif territory_id:
        query["territorio"] = territory_id
    return {
        "months": [(p, f"{p:%Y-%m}", month_label(p)) for p in reversed(periods)],
        "query": urlencode(query),
        "plan": plan,
        "periods": periods,
        "as_of": as_of,
        "department_id": department_id,
        "territory_id": territory_id,
        "territory": bool(territory_id and not department_id),
        "scope": scope,
        "row": row,
        # (pk, name) pairs, not model instances: the filters only need these two.
        "departments": [figure[:2] for figure in by_department]
        if department_figures
        else list(
            Department.objects.filter(plan_figures__plan=plan, plan_figures__period=as_of)
            .order_by("name")
            .values_list("pk", "name")
        ),
        "department_figures": by_department,
        "territories": list(Territory.objects.values_list("pk", "name")),
    }


@require_safe
@public_page
def overview(request: HttpRequest, plan_slug: str | None = None) -> HttpResponse:
    plan, all_plans = plans.public_plans(plan_slug)
    context = _public_context(request, plan, detail=False, department_figures=True)
    context["other_plans"] = [p for p in all_plans if p.pk != plan.pk]
    context["action_plan_years"] = action_plan.published_years(plan)
    row, as_of = context["row"], context["as_of"]
    if as_of is None:
        return render(request, "plan/overview.html", {**context, "root": None})
    if row is None:
        return render(request, "plan/overview.html", {**context, "root": None, "filtered": True})
    root = figures.overview(
        plan,
        row,
        StrategicLine.objects.filter(plan=plan).order_by("code"),
        territory=context["territory"],
    )
    points = figures.history(plan, context["scope"], as_of)
    month_param = f"{as_of:%Y-%m}"
    department_rows = []
    if context["scope"] == figures.PLAN_SCOPE:
        department_rows = [
            (f"?mes={month_param}&dependencia={pk}", name, figures.figure(plan, None, entry))
            for pk, name, *entry in context["department_figures"]
        ]
    return render(
        request,
        "plan/overview.html",
        {
            **context,
            "root": root,
            "history_rows": [
                (month_label(month), None if value is None else round(value * 100))
                for month, value in points
            ],
            "chart": charts.history_svg(
                points,
                title=_("Avance del cuatrienio, mes a mes"),
                description=_(
                    "Porcentaje de avance del cuatrienio al cierre de cada mes; los datos están en la tabla siguiente."
                ),
            ),
            "department_rows": department_rows,
        },
    )


@require_safe
@public_page
def line_detail(request: HttpRequest, code: str, plan_slug: str | None = None) -> HttpResponse:
    plan = current_plan(plan_slug)
    line = get_object_or_404(StrategicLine, plan=plan, code=code)
    context = _public_context(request, plan)
    if context["as_of"] is None:
        raise Http404
    node = None
    if context["row"] is not None:
        programs = Program.objects.filter(component__line=line).select_related("component")
        node = figures.line_tree(
            plan, context["row"], line, programs, territory=context["territory"]
        )
    return render(request, "plan/line.html", {**context, "line": line, "node": node})


@require_safe
@public_page
def program_detail(request: HttpRequest, code: str, plan_slug: str | None = None) -> HttpResponse:
    plan = current_plan(plan_slug)
    program = (
        Program.objects.filter(component__line__plan=plan, code=code)
        .select_related("component__line")
        .first()
    )
    if program is None:
        raise Http404
    context = _public_context(request, plan)
    if context["as_of"] is None:
        raise Http404
    node = None
    if context["row"] is not None:
        projects = program.projects.select_related("department")
        node = figures.program_tree(
            plan, context["row"], program, projects, territory=context["territory"]
        )
    return render(request, "plan/program.html", {**context, "program": program, "node": node})


@require_safe
@public_page
def project_detail(request: HttpRequest, code: str, plan_slug: str | None = None) -> HttpResponse:
    plan = current_plan(plan_slug)
    project = get_object_or_404(
        Project.objects.select_related("program__component__line", "department"),
        code=code,
        program__component__line__plan=plan,
    )
    context = _public_context(request, plan)
    as_of = context["as_of"]
    if as_of is None:
        raise Http404
    row, territory = context["row"], context["territory"]
    node = None
    if row is not None:
        node = figures.figure(plan, project, row.detail.get(f"p{project.pk}"), territory=territory)
    elif territory:
        node = figures.figure(plan, project, None, territory=True)
    indicators = list(project.indicators.all())
    values = IndicatorValue.objects.filter(
        indicator__project=project,
        report__state=ReportState.APPROVED,
        report__period__lte=as_of,
    )
    published = [ReportState.APPROVED, ReportState.SUPERSEDED]
    cuts = ProgressReport.objects.filter(state__in=published, period__lte=as_of)
    if territory:
        # Only what was reported for the territory: the cuts whose row of this project
        # lists it.
        here = {
            "project_progress__project": project,
            "project_progress__territories": context["territory_id"],
        }
        values = values.filter(**{f"report__{k}": v for k, v in here.items()})
        cuts = cuts.filter(**here)
    else:
        cuts = cuts.filter(Q(project_progress__project=project) | Q(evidence__project=project))
    values = list(
        values.values_list("indicator_id", "report__period", "value").order_by("report__period")
    )
    indicator_figures = dashboard.indicator_figures(
        plan,
        indicators,
        dashboard.year_targets_of({"indicator__project": project}),
        values,
        as_of,
        territory=territory,
    )
    cuts = cuts.distinct().order_by("-period", "-version")
    page = Paginator(cuts, 12).get_page(request.GET.get("pagina"))
    shown = list(page)
    progress = {
        p.report_id: p
        for p in project.progress.filter(report__in=shown).prefetch_related("territories")
    }
    evidence: dict[int, list] = {}
    for item in project.evidence.filter(report__in=shown):
        evidence.setdefault(item.report_id, []).append(item)
    reports = [
        {"report": r, "progress": progress.get(r.pk), "evidence": evidence.get(r.pk)} for r in shown
    ]
    return render(
        request,
        "plan/project.html",
        {
            **context,
            "project": project,
            "node": node,
            "figures": indicator_figures,
            "reports": reports,
            "page": page,
        },
    )


# Staff ------------------------------------------------------------------------------------


def _reports_for(user):
    allowed = permissions.department_ids_for(user)
    # Through the scoped Plan: a cut carries no entity key of its own.
    qs = ProgressReport.objects.select_related("department", "plan").filter(
        plan__in=Plan.objects.all()
    )
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
    form = NewReportForm(
        request.POST or None, departments=departments, plan=plan, today=timezone.localdate()
    )
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
            "to_fix": [r for r in reports if r.state == ReportState.RETURNED],
            "can_review": permissions.has_role(request.user, Role.PLANNING),
            "action_plan_due": action_plan.due_notice(plan, timezone.localdate()),
        },
    )


@staff_view(Role.OFFICER, Role.PLANNING)
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(_reports_for(request.user), pk=pk)
    indicators = list(
        Indicator.objects.filter(plan=report.plan_id)
        .of_department(report.department_id)
        .select_related("project")
        .order_by("project__code", "code")
    )
    projects = list(
        Project.objects.filter(plan=report.plan_id, department=report.department).order_by("code")
    )
    existing_progress = {
        p.project_id: p for p in report.project_progress.prefetch_related("territories")
    }
    editable = report.state in services.EDITABLE
    errors: list[str] = []
    posted = request.POST if request.method == "POST" and editable else None
    values_form = CutValuesForm(
        posted,
        indicators=indicators,
        initial={f"i{v.indicator_id}": v.value for v in report.indicator_values.all()},
    )
    project_forms = [
        ProjectProgressForm(
            posted,
            prefix=f"p{p.pk}",
            instance=existing_progress.get(p.pk),
            territories=Territory.objects.all(),
        )
        for p in projects
    ]
    if posted is not None:
        if not values_form.is_valid():
            errors.extend(values_form.error_list())
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
                    report,
                    actor=request.user,
                    values=values_form.values(),
                    finances=finances,
                    request=request,
                )
                if request.POST.get("submit"):
                    services.submit_report(report, actor=request.user, request=request)
                    messages.success(request, _("El corte se envió a Planeación."))
                else:
                    messages.success(request, _("Borrador guardado."))
                return redirect("plan:staff_report", pk=report.pk)
            except ValidationError as error:
                errors.append(error.messages[0])
    return render(
        request,
        "plan/staff_report.html",
        {
            "report": report,
            "rows": [(i, values_form[f"i{i.pk}"]) for i in indicators],
            "project_forms": list(zip(projects, project_forms, strict=True)),
            "editable": editable,
            "errors": errors,
            "comparison": corrections.compare_with_published(report),
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
