from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.accounts.permissions import staff_view
from rinde.core.public_cache import public_page
from rinde.evaluation.models import EvaluationQuestion
from rinde.exercises.models import Exercise
from rinde.improvements import services
from rinde.improvements.forms import ImprovementForm
from rinde.improvements.models import ImprovementAction, Origin, Status
from rinde.questions.models import Question


@require_safe
@public_page
def public_plan(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    actions = ImprovementAction.objects.filter(exercise=exercise).select_related(
        "department", "question", "evaluation_question", "document"
    )
    status = request.GET.get("estado", "")
    if status in Status.values:
        actions = actions.filter(status=status)
    page = Paginator(actions, 30).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    return render(
        request,
        "improvements/public.html",
        {
            "exercise": exercise,
            "page": page,
            "today": today,
            "statuses": Status.choices,
            "status": status,
            "query": f"estado={status}" if status else "",
            "overdue": ImprovementAction.objects.filter(exercise=exercise).overdue(today).count(),
        },
    )


def _current_exercise():
    return Exercise.objects.order_by("-year").first()


@staff_view(Role.PLANNING, Role.OFFICER)
def staff_list(request: HttpRequest) -> HttpResponse:
    actions = (
        ImprovementAction.objects.filter(exercise__in=Exercise.objects.all())
        .select_related("exercise", "department")
        .order_by("due_on")
    )
    allowed = permissions.department_ids_for(request.user)
    if allowed is not None:
        actions = actions.filter(department_id__in=allowed)
    return render(
        request,
        "improvements/staff_list.html",
        {
            "actions": actions,
            "today": timezone.localdate(),
            "can_create": permissions.has_role(request.user, Role.PLANNING),
        },
    )


@staff_view(Role.PLANNING)
def staff_new(request: HttpRequest) -> HttpResponse:
    """A new action, optionally pre-filled from what it comes from (?pregunta=, ?evaluacion=)."""
    exercise = _current_exercise()
    links, initial = {}, {}
    if request.GET.get("evaluacion"):
        item = get_object_or_404(
            EvaluationQuestion.objects.select_related("form__event__exercise"),
            pk=request.GET["evaluacion"],
            form__event__exercise__in=Exercise.objects.all(),
        )
        links["evaluation_question"], exercise = item, item.form.event.exercise
        initial = {"origin": Origin.EVALUATION, "origin_detail": f"Evaluación: {item.text}"[:300]}
    elif request.GET.get("pregunta"):
        item = get_object_or_404(
            Question.objects.select_related("exercise"), pk=request.GET["pregunta"]
        )
        links["question"], exercise = item, item.exercise
        initial = {
            "origin": Origin.QUESTION,
            "origin_detail": f"Pregunta {item.tracking_code}",
            "department": item.department_id,
        }
    if exercise is None:
        return render(request, "questions/no_exercise.html")
    form = ImprovementForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        instance=ImprovementAction(exercise=exercise),
    )
    if request.method == "POST" and form.is_valid():
        services.save_action(
            form.instance, {**form.cleaned_data, **links}, actor=request.user, request=request
        )
        messages.success(request, _("Acción de mejora creada."))
        return redirect("improvements:staff_list")
    return render(
        request,
        "improvements/staff_form.html",
        {"form": form, "exercise": exercise, "links": links},
        status=400 if form.errors else 200,
    )


@staff_view(Role.PLANNING, Role.OFFICER)
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        ImprovementAction.objects.select_related("exercise"),
        pk=pk,
        exercise__in=Exercise.objects.all(),
    )
    if not services.can_edit(request.user, action):
        raise PermissionDenied("department")
    form = ImprovementForm(request.POST or None, request.FILES or None, instance=action)
    if not permissions.has_role(request.user, Role.PLANNING):
        for name in ("description", "origin", "origin_detail", "department", "due_on"):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        services.save_action(action, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Acción de mejora actualizada."))
        return redirect("improvements:staff_list")
    return render(
        request,
        "improvements/staff_form.html",
        {"form": form, "exercise": action.exercise, "action": action},
        status=400 if form.errors else 200,
    )
