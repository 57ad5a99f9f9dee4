"""The yearly action plan: planning's review page and the published document."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.public_cache import public_page
from rinde.plan import action_plan, plans
from rinde.plan.models import ActionPlan, Plan


@staff_view(Role.PLANNING)
def staff_action_plan(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    if year not in plan.years:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                document = get_object_or_404(ActionPlan, plan=plan, year=year)
                action_plan.publish(document, actor=request.user, request=request)
                messages.success(request, _("Plan de acción publicado."))
            else:
                action_plan.generate(plan, year, actor=request.user, request=request)
                messages.success(request, _("Borrador generado: revíselo antes de publicarlo."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("plan:staff_action_plan", pk=plan.pk, year=year)
    document = ActionPlan.objects.filter(plan=plan, year=year).first()
    return render(
        request,
        "plan/staff_action_plan.html",
        {
            "plan": plan,
            "year": year,
            "document": document,
            "content": document.content if document else None,
            "deadline": action_plan.deadline(year),
        },
    )


def _published(plan_slug: str, year: int) -> ActionPlan:
    plan = plans.public_plan(plan_slug)
    document = (
        ActionPlan.objects.filter(plan=plan, year=year, state=ActionPlan.State.PUBLISHED)
        .select_related("plan")
        .first()
    )
    if document is None:
        raise Http404
    return document


@require_safe
@public_page
def public_action_plan(request: HttpRequest, plan_slug: str, year: int) -> HttpResponse:
    document = _published(plan_slug, year)
    return render(
        request,
        "plan/action_plan.html",
        {"plan": document.plan, "document": document, "content": document.content},
    )


@require_safe
def public_action_plan_xlsx(request: HttpRequest, plan_slug: str, year: int) -> HttpResponse:
    document = _published(plan_slug, year)
    response = HttpResponse(
        action_plan.workbook(document),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="plan-de-accion-{document.plan.slug}-{year}.xlsx"'
    )
    return response
