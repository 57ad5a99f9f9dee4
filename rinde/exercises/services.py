"""Changes to exercises, stages, actions and documents: one transaction and one audit entry
each."""

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.core import audit, files
from rinde.core.antispam import spend_form_token
from rinde.core.privacy import REGISTRATION_AUTHORIZATION_VERSION
from rinde.core.sanitize import clean_html
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Department
from rinde.exercises import accessibility
from rinde.exercises.copy import copy_exercise
from rinde.exercises.models import (
    STAGE_ORDER,
    Action,
    ActionStatus,
    AgendaItem,
    Document,
    Event,
    EventDetails,
    EventKind,
    Exercise,
    Registration,
    Stage,
    StageKind,
)
from rinde.exercises.seed_template import MURC_TEMPLATE, STRATEGY_DUE
from rinde.exercises.tasks import send_registration_confirmation

# A new hearing's default length; staff adjust it on the event's page.
HEARING_LENGTH = timedelta(hours=3)


def _save_values(obj, values: dict):
    """Save `values` on `obj` and return (the saved object, {field: [before, after]} for the
    fields that changed, every one from None on creation). An existing object is read again
    from the database, locked: a validated ModelForm has already set the new values on the
    one it was given. For a change whose audit entry carries more than its fields (else
    audit.save_changes does it all)."""
    if obj.pk is not None:
        obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = {field: getattr(obj, field) for field in values} if obj.pk is not None else {}
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save()
    return obj, audit.diff(before, values)


def ensure_stages(exercise: Exercise) -> list[Stage]:
    """The five MURC stages of an exercise, created when missing."""
    stages = []
    for kind in StageKind:
        stage, _ = Stage.objects.get_or_create(
            exercise=exercise, kind=kind, defaults={"position": STAGE_ORDER[kind]}
        )
        stages.append(stage)
    return stages


def _business_day_before(day: date, calendar) -> date:
    while not calendar.is_business_day(day):
        day -= timedelta(days=1)
    return day


def template_due_on(due, *, year: int, hearing_day: date | None, calendar) -> date | None:
    """A template row's due date: 31 January of the year for the strategy, else days from the
    hearing moved to a business day (earlier before the hearing, later after it)."""
    if due == STRATEGY_DUE:
        return date(year, 1, 31)
    if hearing_day is None or due is None:
        return None
    day = hearing_day + timedelta(days=due)
    return calendar.on_or_after(day) if due > 0 else _business_day_before(day, calendar)


def apply_template(exercise: Exercise, template=None, hearing_day: date | None = None) -> int:
    """Add every action of the template to its stage; returns how many were added. Offices
    are matched by department code; an unknown code leaves the action without one. Rows
    carry their due date relative to the hearing (seed_template); without a hearing day
    the actions start without dates. `{instrumento}` takes the exercise's instrument."""
    template = MURC_TEMPLATE if template is None else template
    stages = {stage.kind: stage for stage in ensure_stages(exercise)}
    departments = {d.code: d for d in Department.objects.all()}
    calendar = work_calendar()
    actions = []
    for kind, rows in template.items():
        for position, row in enumerate(rows, 1):
            description, element, code, audiences, channels = row[:5]
            due = row[5] if len(row) > 5 else None
            actions.append(
                Action(
                    stage=stages[kind],
                    position=position,
                    description=description.replace("{instrumento}", exercise.instrument_name),
                    element=element,
                    department=departments.get(code),
                    audiences=audiences,
                    channels=channels,
                    due_on=template_due_on(
                        due, year=exercise.year, hearing_day=hearing_day, calendar=calendar
                    ),
                )
            )
    Action.objects.bulk_create(actions)
    return len(actions)


class Source:
    """Where a new exercise's actions come from."""

    TEMPLATE = "plantilla"
    COPY = "copia"
    EMPTY = "vacio"


def create_hearing(exercise: Exercise, starts_at) -> Event:
    return Event.objects.create(
        exercise=exercise,
        kind=EventKind.HEARING,
        title=_("Audiencia pública participativa %(year)s") % {"year": exercise.year},
        starts_at=starts_at,
        ends_at=starts_at + HEARING_LENGTH,
    )


def create_exercise(
    values: dict,
    *,
    actor,
    request=None,
    source: str = Source.TEMPLATE,
    copy_from: Exercise | None = None,
    hearing_at=None,
) -> Exercise:
    """A new exercise from the values ExerciseForm.exercise_values() names, with its five
    stages and, when given a date, its public hearing; its actions from the MURC template,
    or copied from another exercise (copy.copy_exercise)."""
    with transaction.atomic():
        # A copy stays in the entity of the exercise it copies; else the key's default.
        new = Exercise()
        if source == Source.COPY and copy_from is not None:
            new.entity_id = copy_from.entity_id
        exercise, changes = _save_values(new, values)
        ensure_stages(exercise)
        hearing = create_hearing(exercise, hearing_at) if hearing_at else None
        hearing_day = timezone.localdate(hearing_at) if hearing_at else None
        changes["source"] = source
        if source == Source.TEMPLATE:
            changes["template_actions"] = apply_template(exercise, hearing_day=hearing_day)
        elif source == Source.COPY and copy_from is not None:
            changes["copied_from"] = copy_from.slug
            changes["copied"] = copy_exercise(copy_from, exercise, hearing=hearing)
        if hearing is not None:
            changes["hearing_at"] = hearing_at.isoformat()
        audit.record(
            actor=actor,
            action="exercises.create",
            target=exercise,
            changes=changes,
            request=request,
        )
    return exercise


def update_exercise(exercise: Exercise, values: dict, *, actor, request=None) -> Exercise:
    audit.save_changes(exercise, values, actor=actor, action="exercises.update", request=request)
    return exercise


def update_action(action: Action, values: dict, *, actor, request=None) -> Action:
    audit.save_changes(
        action, values, actor=actor, action="exercises.action_update", request=request
    )
    return action


def create_action(values: dict, *, actor, request=None) -> Action:
    """A new action, last in its stage."""
    with transaction.atomic():
        last = Action.objects.filter(stage=values["stage"]).aggregate(n=Max("position"))["n"]
        action = Action(position=(last or 0) + 1)
        audit.save_changes(
            action, values, actor=actor, action="exercises.action_create", request=request
        )
    return action


def delete_action(*, action: Action, actor, request=None) -> None:
    """Remove an action written by mistake; the audit entry keeps what it said. Its evidence
    file stays in storage (the audit trail may point to it)."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="exercises.action_delete",
            target=action,
            changes={
                "description": action.description,
                "stage": action.stage.kind,
                "status": action.status,
            },
            request=request,
        )
        action.delete()


def overdue_actions(today: date | None = None):
    today = today or timezone.localdate()
    return (
        Action.objects.overdue(today)
        .select_related("stage__exercise", "department")
        .order_by("due_on", "pk")
    )


def progress(actions) -> dict:
    """{'total', 'done', 'percent'} over the actions that were not cancelled."""
    counted = [a for a in actions if a.status != ActionStatus.CANCELLED]
    done = sum(1 for a in counted if a.status == ActionStatus.DONE)
    total = len(counted)
    return {"total": total, "done": done, "percent": round(100 * done / total) if total else 0}


def checksum(uploaded) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    return size, digest.hexdigest()


def prepare_document(document: Document) -> None:
    """What a document needs before it is saved, whatever the path (the panel's upload,
    Django admin): its summary is shown as HTML, so it is kept clean, and a file without
    its size and checksum gets them."""
    document.summary = clean_html(document.summary)
    if document.file and not document.sha256:
        document.file.open("rb")
        document.size, document.sha256 = checksum(document.file)


def save_document(
    values: dict, *, exercise: Exercise, actor, request=None, publish: bool = False
) -> Document:
    """A new document (or a correction: a new version of the one it replaces) from the
    values DocumentForm.document_values() names, the cleaned upload among them."""
    with transaction.atomic():
        document = Document(exercise=exercise)
        for field, value in values.items():
            # As a ModelForm sets it: the file field keeps the upload's original name too.
            Document._meta.get_field(field).save_form_data(document, value)
        document.size, document.sha256 = checksum(values["file"])
        prepare_document(document)
        document.uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
        if document.replaces_id:
            previous = Document.objects.select_for_update().get(pk=document.replaces_id)
            document.version = previous.version + 1
        if publish:
            _refuse_without_html_version(document)
            document.published_at = timezone.now()
            expose_document(document)
        document.save()
        audit.record(
            actor=actor,
            action="exercises.document_upload",
            target=document,
            changes={"sha256": document.sha256, "size": document.size, "published": publish},
            request=request,
        )
    return document


def expose_document(document: Document) -> None:
    """Give a published document its public copy, under a new generated name: the upload
    itself stays in private storage, where drafts live (the caller saves `public_file`).
    A rolled-back publication leaves an unlinked copy at an unguessable name, no more."""
    if document.file and not document.public_file:
        document.public_file.name = files.copy_to_public(document.file, "rendicion/documentos/%Y")


def publish_document(*, document: Document, actor, request=None) -> Document:
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.published_at is None:
            _refuse_without_html_version(document)
            document.published_at = timezone.now()
            expose_document(document)
            document.save(update_fields=["published_at", "public_file"])
            audit.record(
                actor=actor,
                action="exercises.document_publish",
                target=document,
                changes={"published_at": [None, document.published_at]},
                request=request,
            )
    return document


def _refuse_without_html_version(document: Document) -> None:
    """The accessibility statement promises an HTML version of every published PDF."""
    if document.file and not accessibility.has_html_version(document.summary):
        raise ValidationError(accessibility.NO_HTML_VERSION, code="no_html_version")


def unpublish_document(*, document: Document, actor, request=None) -> Document:
    """Withdraw a document published by mistake: it is a draft again and its public copy is
    deleted once the change is committed (its address then answers 404). The upload stays
    in private storage; publishing again makes a copy under a new name."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.published_at is not None:
            public_name = document.public_file.name
            published_before = document.published_at
            document.published_at = None
            document.public_file = ""
            document.save(update_fields=["published_at", "public_file"])
            audit.record(
                actor=actor,
                action="exercises.document_unpublish",
                target=document,
                changes={"published_at": [published_before, None]},
                request=request,
            )
            transaction.on_commit(lambda: files.remove_public(public_name))
    return document


# Registrations ------------------------------------------------------------------------------

# The personal-data authorization a registrant accepts; bump the version when the text changes.
DATA_CONSENT_VERSION = REGISTRATION_AUTHORIZATION_VERSION
DATA_CONSENT_TEXT = (
    "Autorizo a la entidad a tratar mi nombre y mi dato de contacto solo para gestionar mi "
    "inscripción en este evento y enviarme avisos sobre él, según la Ley 1581 de 2012 y la "
    "política de tratamiento de datos personales publicada en este portal."
)
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


class RegistrationRefused(Exception):
    """A Spanish reason the registration cannot be taken; nothing was saved."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def new_code() -> str:
    while True:
        code = "RC-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(7))
        if not Registration.objects.filter(code=code).exists():
            return code


def seats_taken(event) -> int:
    """Registrations of either kind (attend or intervene): each is a person in the room."""
    return event.registrations.count()


def register(*, event, kind: str, data: dict, request=None, form_token: str = ""):
    """Take one registration in one transaction, spending its form's start token
    (antispam.spend_form_token). The event row is locked first, so two concurrent
    requests for the last seat cannot both pass the capacity check."""
    with transaction.atomic():
        if form_token:
            spend_form_token(form_token)
        event = Event.objects.select_for_update().get(pk=event.pk)
        details = EventDetails.objects.filter(event=event).first()
        if event.ends_at <= timezone.now():
            raise RegistrationRefused(_("Este evento ya pasó; no recibe inscripciones."))
        if details is not None and not details.registration_open:
            raise RegistrationRefused(_("Las inscripciones para este evento están cerradas."))
        same_person = Q()
        if data.get("email"):
            same_person |= Q(email__iexact=data["email"])
        if data.get("phone"):
            same_person |= Q(phone=data["phone"])
        if Registration.objects.filter(same_person, event=event, kind=kind).exists():
            raise RegistrationRefused(
                _(
                    "Ya hay una inscripción con ese dato de contacto para este evento. Si perdió "
                    "su código, escríbanos y se lo reenviamos."
                )
            )
        # Whoever registers to intervene is in the room too: every registration is a seat.
        if (
            details is not None
            and details.capacity is not None
            and seats_taken(event) >= details.capacity
        ):
            raise RegistrationRefused(
                _("El aforo del evento está completo. Puede seguirlo por la transmisión en vivo.")
            )
        registration = Registration.objects.create(
            event=event,
            kind=kind,
            code=new_code(),
            name=data["name"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            population_group=data.get("population_group", "") if data.get("sensitive") else "",
            sensitive_data_consent=bool(data.get("sensitive") and data.get("population_group")),
            data_consent_version=DATA_CONSENT_VERSION,
            topic=data.get("topic", ""),
            summary=data.get("summary", ""),
        )
        audit.record(
            actor=None,
            action="exercises.registration_create",
            target=registration,
            changes={"event": event.pk, "kind": kind},
            request=request,
        )
        if registration.email:
            transaction.on_commit(lambda: send_registration_confirmation.enqueue(registration.pk))
    return registration


def check_in(*, registration, actor, request=None):
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.checked_in_at is None:
            registration.checked_in_at = timezone.now()
            registration.save(update_fields=["checked_in_at"])
            audit.record(
                actor=actor,
                action="exercises.registration_check_in",
                target=registration,
                changes={"checked_in_at": [None, registration.checked_in_at]},
                request=request,
            )
    return registration


def save_event(
    event: Event,
    values: dict,
    *,
    details_values: dict,
    agenda: list[dict],
    actor,
    request=None,
) -> Event:
    """The event (`event` unsaved, its exercise set, or one to change) with the values
    EventForm.event_values() names, its details (EventDetailsForm.details_values()) and its
    whole agenda (forms.agenda_values(): the rows it keeps, each with its "id" or None for a
    new one; the others are removed), in one transaction with one audit entry: each changed
    field of the event and its details, and the agenda when it changed, as [before, after]."""
    with transaction.atomic():
        creating = event.pk is None
        event, changes = _save_values(event, values)
        details = EventDetails.objects.filter(event=event).first() or EventDetails(event=event)
        details, details_changes = _save_values(details, details_values)
        changes.update(details_changes)
        agenda_before = _agenda_rows(event)
        kept = {row["id"] for row in agenda if row["id"] is not None}
        event.agenda_items.exclude(pk__in=kept).delete()
        items = {item.pk: item for item in event.agenda_items.filter(pk__in=kept)}
        for row in agenda:
            item = items[row["id"]] if row["id"] is not None else AgendaItem(event=event)
            item.starts_at, item.topic, item.speaker = (
                row["starts_at"],
                row["topic"],
                row["speaker"],
            )
            item.save()
        agenda_after = _agenda_rows(event)
        if agenda_after != agenda_before:
            changes["agenda"] = [agenda_before, agenda_after]
        audit.record(
            actor=actor,
            action="exercises.event_create" if creating else "exercises.event_update",
            target=event,
            changes=changes,
            request=request,
        )
    return event


def _agenda_rows(event: Event) -> list[str]:
    return [
        f"{item.starts_at:%H:%M} {item.topic}" + (f" ({item.speaker})" if item.speaker else "")
        for item in event.agenda_items.all()
    ]
