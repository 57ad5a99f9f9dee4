from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_POST, require_safe

from rinde.accounts.models import Role
from rinde.accounts.permissions import check_department, has_role, role_of, staff_view
from rinde.core import streaming
from rinde.core.antispam import RATE_LIMIT_MESSAGE, FormTokenSpent, check_rate_limit
from rinde.core.media import private_file_response
from rinde.core.privacy import suppressed_count
from rinde.core.public_cache import public_page
from rinde.exercises import accessibility, ical, legal_calendar, services
from rinde.exercises.forms import (
    ActionForm,
    ActionManageForm,
    AgendaFormSet,
    DocumentForm,
    EventDetailsForm,
    EventForm,
    ExerciseEditForm,
    ExerciseForm,
    RegistrationForm,
    agenda_values,
)
from rinde.exercises.models import (
    Action,
    Document,
    DocumentKind,
    Element,
    Event,
    EventDetails,
    EventKind,
    Exercise,
    PopulationGroup,
    Registration,
    RegistrationKind,
    Stage,
)
from rinde.exercises.permissions import documents_for
from rinde.exercises.streams import STREAM_FRAME_HOSTS, embed_url

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


@require_safe
@public_page
def exercise_list(request):
    paginator = Paginator(Exercise.objects.published().order_by("-year"), 20)
    page = paginator.get_page(request.GET.get("pagina"))
    return render(request, "exercises/exercise_list.html", {"page": page, "query": ""})


@require_safe
@public_page
def exercise_detail(request, slug):
    exercise = get_object_or_404(
        Exercise.objects.published().prefetch_related(
            _stages_with_actions(),
            Prefetch(
                "documents",
                queryset=Document.objects.published().order_by("-published_at", "-pk"),
                to_attr="public_documents",
            ),
            Prefetch(
                "events",
                queryset=Event.objects.annotate(
                    registered=Count("registrations"),
                    attended=Count(
                        "registrations", filter=Q(registrations__checked_in_at__isnull=False)
                    ),
                ),
            ),
        ),
        slug=slug,
    )
    stages = list(exercise.stages.all())
    today = timezone.localdate()
    events = list(exercise.events.all())
    for stage in stages:
        stage.progress = services.progress(stage.actions.all())
    return render(
        request,
        "exercises/exercise_detail.html",
        {
            "duties": legal_calendar.load_duties(
                exercise, events=events, documents=exercise.public_documents, today=today
            ),
            "exercise": exercise,
            "stages": stages,
            "element_progress": _element_progress(stages),
            "overall": services.progress([a for s in stages for a in s.actions.all()]),
            "documents": exercise.public_documents,
            "events": events,
            "today": today,
            "now": timezone.now(),
        },
    )


# Staff pages


@staff_view()
def panel_exercises(request):
    exercises = list(
        Exercise.objects.order_by("-year", "slug").prefetch_related("events", "documents")
    )
    overdue = list(
        services.overdue_actions().filter(stage__exercise__in=Exercise.objects.all())[:200]
    )
    return render(
        request,
        "exercises/panel/exercise_list.html",
        {
            "exercises": exercises,
            "due_duties": _duties_needing_attention(exercises),
            "overdue": overdue,
            "can_manage": has_role(request.user, *MANAGERS),
        },
    )


@staff_view(*MANAGERS)
def panel_exercise_create(request):
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exercise = services.create_exercise(
            form.exercise_values(),
            actor=request.user,
            request=request,
            source=form.cleaned_data["source"],
            copy_from=form.cleaned_data["copy_from"],
            hearing_at=form.cleaned_data["hearing_at"],
        )
        messages.success(request, _("Ejercicio creado con sus cinco etapas."))
        return redirect("exercises:panel_exercise", slug=exercise.slug)
    return render(request, "exercises/panel/exercise_form.html", {"form": form})


@staff_view(*MANAGERS)
def panel_exercise_edit(request, slug):
    exercise = get_object_or_404(Exercise, slug=slug)
    form = ExerciseEditForm(request.POST or None, instance=exercise)
    if request.method == "POST" and form.is_valid():
        exercise = services.update_exercise(
            exercise, form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, _("Ejercicio actualizado."))
        return redirect("exercises:panel_exercise", slug=exercise.slug)
    return render(
        request, "exercises/panel/exercise_form.html", {"form": form, "exercise": exercise}
    )


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


def _duties_needing_attention(exercises):
    """[(exercise, duty)] due soon or overdue, for the exercises still running or closed
    within the last year (an older one's open duties are history, not a warning)."""
    today = timezone.localdate()
    current = [e for e in exercises if e.ends_on >= today - timedelta(days=365)]
    facts = legal_calendar.facts_from_other_apps([e.pk for e in current])
    rows = []
    for exercise in current:
        checklist = legal_calendar.load_duties(
            exercise,
            events=list(exercise.events.all()),
            documents=list(exercise.documents.all()),
            today=today,
            facts=facts,
        )
        rows += [(exercise, duty) for duty in checklist if duty.needs_attention]
    return rows


@staff_view()
def panel_exercise(request, slug):
    exercise = get_object_or_404(
        Exercise.objects.prefetch_related(_stages_with_actions(), "events"), slug=slug
    )
    stages = list(exercise.stages.all())
    documents = list(documents_for(request.user, exercise.documents.order_by("-created_at")))
    events = list(exercise.events.all())
    today = timezone.localdate()
    return render(
        request,
        "exercises/panel/exercise_detail.html",
        {
            "exercise": exercise,
            "stages": stages,
            "documents": documents,
            "events": events,
            "today": today,
            "duties": legal_calendar.load_duties(
                exercise, events=events, documents=documents, today=today
            ),
            "warning": management_report_warning(exercise, documents, events),
            "can_manage": has_role(request.user, *MANAGERS),
            "can_upload": has_role(request.user, *DOCUMENT_UPLOADERS),
        },
    )


@staff_view(*MANAGERS, Role.OFFICER)
def panel_action_edit(request, pk):
    action = get_object_or_404(
        Action.objects.select_related("stage__exercise"),
        pk=pk,
        stage__exercise__in=Exercise.objects.all(),
    )
    exercise = action.stage.exercise
    can_manage = has_role(request.user, *MANAGERS)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if can_manage:
        form = ActionManageForm(*data, instance=action, exercise=exercise)
    else:
        # A department officer updates only their own office's actions.
        check_department(request.user, action.department_id)
        form = ActionForm(*data, instance=action)
    if request.method == "POST" and form.is_valid():
        services.update_action(action, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Acción actualizada."))
        return redirect("exercises:panel_exercise", slug=exercise.slug)
    return render(
        request,
        "exercises/panel/action_form.html",
        {"form": form, "action": action, "exercise": exercise, "can_manage": can_manage},
    )


@staff_view(*MANAGERS)
def panel_action_create(request, slug):
    exercise = get_object_or_404(Exercise, slug=slug)
    services.ensure_stages(exercise)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ActionManageForm(*data, exercise=exercise)
    if request.method == "POST" and form.is_valid():
        services.create_action(form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Acción agregada."))
        return redirect("exercises:panel_exercise", slug=exercise.slug)
    return render(
        request,
        "exercises/panel/action_form.html",
        {"form": form, "action": None, "exercise": exercise, "can_manage": True},
    )


@staff_view(*MANAGERS)
@require_POST
def panel_action_delete(request, pk):
    action = get_object_or_404(
        Action.objects.select_related("stage__exercise"),
        pk=pk,
        stage__exercise__in=Exercise.objects.all(),
    )
    slug = action.stage.exercise.slug
    services.delete_action(action=action, actor=request.user, request=request)
    messages.success(request, _("Acción eliminada."))
    return redirect("exercises:panel_exercise", slug=slug)


@staff_view(*DOCUMENT_UPLOADERS)
def panel_document_upload(request, slug):
    exercise = get_object_or_404(Exercise, slug=slug)
    oversight_only = role_of(request.user) == Role.OVERSIGHT
    committees = (
        request.user.oversight_committees.filter(is_active=True) if oversight_only else None
    )
    if oversight_only and not committees.exists():
        messages.error(
            request,
            _(
                "Su cuenta no pertenece a ninguna veeduría. Pida al administrador que la asocie a la suya."
            ),
        )
        return redirect("accounts:panel")
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        exercise=exercise,
        oversight_only=oversight_only,
        committees=committees,
    )
    if request.method == "POST" and form.is_valid():
        services.save_document(
            form.document_values(), exercise=exercise, actor=request.user, request=request
        )
        messages.success(
            request,
            _("Documento recibido. El personal de la entidad lo revisará y lo publicará.")
            if oversight_only
            else _("Documento guardado sin publicar. Publíquelo cuando esté listo."),
        )
        if oversight_only:
            return redirect("accounts:panel")
        return redirect("exercises:panel_exercise", slug=exercise.slug)
    own_reports = (
        Document.objects.filter(exercise=exercise, committee__in=committees).order_by("-created_at")
        if oversight_only
        else None
    )
    return render(
        request,
        "exercises/panel/document_form.html",
        {"form": form, "exercise": exercise, "own_reports": own_reports},
    )


@staff_view()
@require_GET
def panel_document_file(request, pk):
    """A document's PDF for staff, drafts included, from private storage."""
    document = get_object_or_404(
        documents_for(request.user, Document.objects.all()),
        pk=pk,
        exercise__in=Exercise.objects.all(),
    )
    return private_file_response(document.file, download_name=document.original_name)


@staff_view(*MANAGERS)
@require_POST
def panel_document_publish(request, pk):
    document = get_object_or_404(
        Document.objects.select_related("exercise"), pk=pk, exercise__in=Exercise.objects.all()
    )
    if document.exercise is None:
        raise PermissionDenied
    try:
        services.publish_document(document=document, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Documento publicado."))
    return redirect("exercises:panel_exercise", slug=document.exercise.slug)


@staff_view(*MANAGERS)
@require_POST
def panel_document_unpublish(request, pk):
    document = get_object_or_404(
        Document.objects.select_related("exercise"), pk=pk, exercise__in=Exercise.objects.all()
    )
    services.unpublish_document(document=document, actor=request.user, request=request)
    messages.success(request, _("Documento retirado: ya no está en la página pública."))
    return redirect("exercises:panel_exercise", slug=document.exercise.slug)


# Events and registrations -------------------------------------------------------------------


def _public_event(slug, pk):
    return get_object_or_404(
        Event.objects.select_related("exercise", "details"),
        pk=pk,
        # Through the scoped Exercise: Event carries no entity key of its own.
        exercise__in=Exercise.objects.filter(slug=slug, is_published=True),
    )


def _details(event):
    try:
        return event.details
    except EventDetails.DoesNotExist:
        return None


@csp_override({**settings.SECURE_CSP, "frame-src": STREAM_FRAME_HOSTS})
def event_detail(request, slug, pk):
    event = _public_event(slug, pk)
    details = _details(event)
    now = timezone.now()
    taken = event.registrations.count() if details and details.capacity else None
    return render(
        request,
        "exercises/event_detail.html",
        {
            "event": event,
            "exercise": event.exercise,
            "details": details,
            "agenda": list(event.agenda_items.all()),
            "embed_url": embed_url(event.stream_url) if event.ends_at > now else "",
            "is_past": event.ends_at <= now,
            "seats_left": (details.capacity - taken) if taken is not None else None,
            "registrations_open": event.ends_at > now
            and (details is None or details.registration_open),
        },
    )


def event_ics(request, slug, pk):
    event = _public_event(slug, pk)
    body = ical.calendar(
        [event],
        name=event.title,
        url_for=lambda e: request.build_absolute_uri(
            reverse("exercises:event", args=[e.exercise.slug, e.pk])
        ),
        domain=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evento-{event.pk}.ics"'
    return response


def calendar_feed(request):
    events = Event.objects.filter(exercise__in=Exercise.objects.published()).select_related(
        "exercise"
    )
    body = ical.calendar(
        events,
        name=_("Rendición de cuentas"),
        url_for=lambda e: request.build_absolute_uri(
            reverse("exercises:event", args=[e.exercise.slug, e.pk])
        ),
        domain=request.get_host().split(":")[0],
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def register(request, slug, pk, kind):
    event = _public_event(slug, pk)
    kind = RegistrationKind.INTERVENE if kind == "intervenir" else RegistrationKind.ATTEND
    if event.ends_at <= timezone.now():
        return render(
            request,
            "exercises/registration_form.html",
            {"form": None, "event": event, "kind": kind, "exercise": event.exercise},
        )
    form = RegistrationForm(request.POST or None, kind=kind)
    if request.method == "POST":
        if not check_rate_limit(request, "exercises.register", limit=10, per_seconds=600):
            form.is_valid()
            form.add_error(None, RATE_LIMIT_MESSAGE)
        elif form.is_valid():
            try:
                registration = services.register(
                    event=event,
                    kind=kind,
                    data=form.cleaned_data,
                    request=request,
                    form_token=form.form_token,
                )
            except services.RegistrationRefused as refused:
                form.add_error(refused.field, refused.message)
            except FormTokenSpent:
                form.refuse_spent_token()
            else:
                done = reverse("exercises:registration_done", args=[slug, pk, registration.code])
                return _see_other(done)
    return render(
        request,
        "exercises/registration_form.html",
        {"form": form, "event": event, "kind": kind, "exercise": event.exercise},
        status=200,
    )


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def registration_done(request, slug, pk, code):
    event = _public_event(slug, pk)
    registration = get_object_or_404(Registration, event=event, code=code)
    # Only the code and the event: nothing personal on a page anyone with the link may open.
    return render(
        request,
        "exercises/registration_done.html",
        {"event": event, "code": registration.code, "kind": registration.get_kind_display()},
    )


@staff_view(*MANAGERS)
def panel_registrations(request, pk):
    event = get_object_or_404(
        Event.objects.select_related("exercise"), pk=pk, exercise__in=Exercise.objects.all()
    )
    registrations = list(event.registrations.order_by("kind", "created_at"))
    return render(
        request,
        "exercises/panel/registrations.html",
        {
            "event": event,
            "registrations": registrations,
            "attended": sum(1 for r in registrations if r.checked_in_at),
            "population_counts": population_counts(event),
            "small_groups_note": SMALL_GROUPS_NOTE,
        },
    )


# The population group is sensitive data that the registration form promises to use only in
# aggregate (Ley 1581 de 2012, art. 5; docs/legal.md): never beside a name, an e-mail or a
# phone. Exports carry it only as counts per group (population_counts).
REGISTRATION_COLUMNS = [
    "codigo",
    "tipo",
    "nombre",
    "correo",
    "telefono",
    "tema",
    "resumen",
    "inscrita",
    "asistencia",
    "version_autorizacion",
]


# Below this, a group's count shows as "<3". The sheet goes to the team that organizes the
# event, who also hold the list of names; an event has tens of people, so a group of one or
# two would point to them. No total of declared groups is given: with it, a hidden count
# could be worked out from the others.
SMALL_GROUP = 3
SMALL_GROUPS_NOTE = gettext_lazy(
    "Cifras agregadas de quienes autorizaron este dato sensible (Ley 1581 de 2012). Los "
    "grupos de 1 o 2 personas se muestran como «<3»; el grupo de cada persona no se exporta."
)


def population_counts(event) -> list[tuple[str, int | str]]:
    """[(group, people)] for every population group, counting only registrations that
    authorized this sensitive data, small counts suppressed (privacy.suppressed_count)."""
    counted = dict(
        event.registrations.filter(sensitive_data_consent=True)
        .exclude(population_group="")
        .values_list("population_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        (str(label), suppressed_count(counted.get(value, 0), below=SMALL_GROUP))
        for value, label in PopulationGroup.choices
    ]


def _registration_rows(event):
    for r in event.registrations.order_by("created_at"):
        yield [
            r.code,
            r.get_kind_display(),
            r.name,
            r.email,
            r.phone,
            r.topic,
            r.summary,
            r.created_at.isoformat(),
            r.checked_in_at.isoformat() if r.checked_in_at else "",
            r.data_consent_version,
        ]


@staff_view(*MANAGERS)
def panel_registrations_xlsx(request, pk):
    event = get_object_or_404(Event, pk=pk, exercise__in=Exercise.objects.all())
    groups = [[label, count] for label, count in population_counts(event)]
    return streaming.xlsx_response(
        f"inscripciones-evento-{event.pk}.xlsx",
        REGISTRATION_COLUMNS,
        _registration_rows(event),
        sheet=_("Inscripciones"),
        more_sheets=[
            (
                _("Grupos poblacionales"),
                ["grupo_poblacional", "personas"],
                [*groups, [], [str(SMALL_GROUPS_NOTE)]],
            )
        ],
    )


@staff_view(*MANAGERS)
def panel_registrations_csv(request, pk):
    event = get_object_or_404(Event, pk=pk, exercise__in=Exercise.objects.all())
    return streaming.csv_response(
        f"inscripciones-evento-{event.pk}.csv", REGISTRATION_COLUMNS, _registration_rows(event)
    )


@staff_view(*MANAGERS)
@require_POST
def panel_check_in(request, pk):
    registration = get_object_or_404(
        Registration, pk=pk, event__exercise__in=Exercise.objects.all()
    )
    services.check_in(registration=registration, actor=request.user, request=request)
    messages.success(
        request, _("Asistencia registrada para %(code)s.") % {"code": registration.code}
    )
    return redirect("exercises:panel_registrations", pk=registration.event_id)


def _captioned(form, details_form) -> bool:
    """A recording is published only with captions (exercises.accessibility)."""
    if accessibility.recording_lacks_captions(
        form.cleaned_data.get("recording_url", ""),
        details_form.cleaned_data.get("recording_has_captions", False),
    ):
        form.add_error("recording_url", accessibility.NO_CAPTIONS)
        return False
    return True


@staff_view(*MANAGERS)
def panel_event_edit(request, slug, pk=None):
    exercise = get_object_or_404(Exercise, slug=slug)
    event = get_object_or_404(Event, pk=pk, exercise=exercise) if pk else Event(exercise=exercise)
    details = (_details(event) if pk else None) or EventDetails()
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = EventForm(data, instance=event)
    details_form = EventDetailsForm(data, instance=details, prefix="detalles")
    agenda = AgendaFormSet(data, instance=event, prefix="agenda")
    if (
        request.method == "POST"
        and form.is_valid()
        and details_form.is_valid()
        and agenda.is_valid()
        and _captioned(form, details_form)
    ):
        event = services.save_event(
            event,
            form.event_values(),
            details_values=details_form.details_values(),
            agenda=agenda_values(agenda),
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Evento guardado."))
        return redirect("exercises:panel_exercise", slug=exercise.slug)
    return render(
        request,
        "exercises/panel/event_form.html",
        {
            "form": form,
            "details_form": details_form,
            "agenda": agenda,
            "exercise": exercise,
            "event": event if pk else None,
        },
    )
