"""The panel's plans: the list, creating or editing a plan with its departments, and
choosing the vigente one. The rules are in plan/plans.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.plan import action_plan, plans
from rinde.plan.models import ActionPlan, Plan
from rinde.plan.plans_forms import PlanForm


@staff_view(Role.PLANNING)
def staff_plans(request: HttpRequest) -> HttpResponse:
    all_plans = list(Plan.objects.order_by("-start_year", "-pk"))
    states = {
        (plan_id, year): state
        for plan_id, year, state in ActionPlan.objects.values_list("plan_id", "year", "state")
    }
    rows = [
        (plan, [(year, states.get((plan.pk, year))) for year in plan.years]) for plan in all_plans
    ]
    current = next((p for p in all_plans if p.is_current), None)
    return render(
        request,
        "plan/staff_plans.html",
        {
            "rows": rows,
            "due": action_plan.due_notice(current, timezone.localdate()),
        },
    )


@staff_view(Role.PLANNING)
def staff_plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk) if pk else Plan()
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan, created = plans.save_plan(
                plan,
                form.plan_values(),
                actor=request.user,
                make_current=form.cleaned_data.get("make_current", False),
                new_departments=form.departments(),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                _("Plan guardado; dependencias creadas: %(count)s.") % {"count": len(created)},
            )
            return redirect("plan:staff_plans")
    return render(
        request,
        "plan/staff_plan_form.html",
        {"form": form, "plan": plan if plan.pk else None},
        status=400 if form.errors else 200,
    )


@staff_view(Role.PLANNING)
@require_POST
def staff_plan_make_current(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    plans.switch_current(plan, actor=request.user, request=request)
    messages.success(request, _("%(plan)s es ahora el plan vigente.") % {"plan": plan})
    return redirect("plan:staff_plans")
