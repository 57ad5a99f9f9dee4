from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rinde.accounts.models import Role
from rinde.accounts.permissions import has_role, staff_view
from rinde.exercises import services
from rinde.exercises.forms import ActionForm, DocumentForm, ExerciseForm
from rinde.exercises.models import (
    Action,
    Document,
    DocumentKind,
    Element,
    EventKind,
    Exercise,
    Stage,
)

MANAGERS = (Role.PLANNING, Role.COMMUNICATIONS)
DOCUMENT_UPLOADERS = (Role.PLANNING, Role.COMMUNICATIONS, Role.ICT, Role.OVERSIGHT)


def _stages_with_actions():
    return Prefetch(
        "stages",
        queryset=Stage.objects.order_by("position").prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("department"))
        ),
    )


def _element_progress(stages):
    by_element = {value: [] for value in Element.values}
    for stage in stages:
        for action in stage.actions.all():
            by_element[action.element].append(action)
    return [(Element(value).label, services.progress(rows)) for value, rows in by_element.items()]


# Public pages


def exercise_list(request):
    paginator = Paginator(Exercise.objects.published().order_by("-year"), 20)
    page = paginator.get_page(request.GET.get("pagina"))
    return render(request, "exercises/exercise_list.html", {"page": page, "query": ""})


def exercise_detail(request, year):
    exercise = get_object_or_404(
        Exercise.objects.published().prefetch_related(
            _stages_with_actions(),
            Prefetch(
                "documents",
                queryset=Document.objects.published().order_by("-published_at", "-pk"),
                to_attr="public_documents",
            ),
            "events",
        ),
        year=year,
    )
    stages = list(exercise.stages.all())
    today = timezone.localdate()
    for stage in stages:
        stage.progress = services.progress(stage.actions.all())
    return render(
        request,
        "exercises/exercise_detail.html",
        {
            "exercise": exercise,
            "stages": stages,
            "element_progress": _element_progress(stages),
            "overall": services.progress([a for s in stages for a in s.actions.all()]),
            "documents": exercise.public_documents,
            "events": list(exercise.events.all()),
            "today": today,
            "now": timezone.now(),
        },
    )


# Staff pages


@staff_view()
def panel_exercises(request):
    exercises = Exercise.objects.order_by("-year")
    overdue = list(services.overdue_actions()[:200])
    return render(
        request,
        "exercises/panel/exercise_list.html",
        {
            "exercises": exercises,
            "overdue": overdue,
            "can_manage": has_role(request.user, *MANAGERS),
        },
    )


@staff_view(*MANAGERS)
def panel_exercise_create(request):
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exercise = services.create_exercise(
            form=form,
            actor=request.user,
            request=request,
            use_template=form.cleaned_data["use_template"],
        )
        messages.success(request, _("Ejercicio creado con sus cinco etapas."))
        return redirect("exercises:panel_exercise", year=exercise.year)
    return render(request, "exercises/panel/exercise_form.html", {"form": form})


def management_report_warning(exercise, documents, events):
    """A Spanish warning when the management report went (or will go) out fewer than the
    configured days before the hearing; None when it is fine or there is nothing to compare."""
    days = getattr(settings, "RINDE_REPORT_DAYS_BEFORE_HEARING", 30)
    hearing = next((e for e in events if e.kind == EventKind.HEARING), None)
    if hearing is None:
        return None
    reports = [d for d in documents if d.kind == DocumentKind.MANAGEMENT_REPORT and d.published_at]
    hearing_day = timezone.localdate(hearing.starts_at)
    if not reports:
        left = (hearing_day - timezone.localdate()).days
        if 0 <= left < days:
            return _(
                "El informe de gestión aún no está publicado y faltan %(left)s días para la "
                "audiencia; debe publicarse al menos %(days)s días antes."
            ) % {"left": left, "days": days}
        return None
    first = min(timezone.localdate(d.published_at) for d in reports)
    gap = (hearing_day - first).days
    if gap < days:
        return _(
            "El informe de gestión se publicó %(gap)s días antes de la audiencia; debe "
            "publicarse al menos %(days)s días antes."
        ) % {"gap": gap, "days": days}
    return None


@staff_view()
def panel_exercise(request, year):
    exercise = get_object_or_404(
        Exercise.objects.prefetch_related(_stages_with_actions(), "events"), year=year
    )
    stages = list(exercise.stages.all())
    documents = list(exercise.documents.order_by("-created_at"))
    events = list(exercise.events.all())
    return render(
        request,
        "exercises/panel/exercise_detail.html",
        {
            "exercise": exercise,
            "stages": stages,
            "documents": documents,
            "events": events,
            "today": timezone.localdate(),
            "warning": management_report_warning(exercise, documents, events),
            "can_manage": has_role(request.user, *MANAGERS),
            "can_upload": has_role(request.user, *DOCUMENT_UPLOADERS),
        },
    )


@staff_view(*MANAGERS, Role.OFFICER)
def panel_action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("stage__exercise"), pk=pk)
    if not has_role(request.user, *MANAGERS):
        # A department officer updates only their own office's actions.
        from rinde.accounts.permissions import check_department

        check_department(request.user, action.department_id)
    form = ActionForm(request.POST or None, request.FILES or None, instance=action)
    if request.method == "POST" and form.is_valid():
        services.update_action(form=form, actor=request.user, request=request)
        messages.success(request, _("Acción actualizada."))
        return redirect("exercises:panel_exercise", year=action.stage.exercise.year)
    return render(request, "exercises/panel/action_form.html", {"form": form, "action": action})


@staff_view(*DOCUMENT_UPLOADERS)
def panel_document_upload(request, year):
    exercise = get_object_or_404(Exercise, year=year)
    oversight_only = request.user.role == Role.OVERSIGHT
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        exercise=exercise,
        oversight_only=oversight_only,
    )
    if request.method == "POST" and form.is_valid():
        services.save_document(form=form, actor=request.user, request=request)
        messages.success(
            request,
            _("Documento recibido. El personal de la entidad lo revisará y lo publicará.")
            if oversight_only
            else _("Documento guardado sin publicar. Publíquelo cuando esté listo."),
        )
        if oversight_only:
            return redirect("accounts:panel")
        return redirect("exercises:panel_exercise", year=exercise.year)
    return render(
        request, "exercises/panel/document_form.html", {"form": form, "exercise": exercise}
    )


@require_POST
@staff_view(*MANAGERS)
def panel_document_publish(request, pk):
    document = get_object_or_404(Document.objects.select_related("exercise"), pk=pk)
    if document.exercise is None:
        raise PermissionDenied
    services.publish_document(document=document, actor=request.user, request=request)
    messages.success(request, _("Documento publicado."))
    return redirect("exercises:panel_exercise", year=document.exercise.year)
