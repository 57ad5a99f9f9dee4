"""Receiving a citizen's question: from the public form and the live page, and from staff
(paper, e-mail, the broadcast's chat).

The public post is the busiest write of the site during a hearing, so three things keep it
short (docs/questions.md, "Intake"): the published exercises and the clock are read once
per process every QUESTION_INTAKE_SECONDS (`access_intake`); counting business days is
memoised in `core.calendar`; and the question is stored with one INSERT built once per
process (`_insert`). The form's start token (an HMAC stamp, `core.antispam`) is spent in
the same transaction. The form has validated everything before `receive_question` runs:
it trusts the values it is given."""

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from time import monotonic

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import signals
from django.utils import timezone

from rinde.core import audit
from rinde.core.antispam import spend_form_token
from rinde.core.calendar import WorkCalendar
from rinde.core.privacy import mask_personal_data
from rinde.core.sanitize import strip_bidi_controls
from rinde.entity.calendar import calendar_key, work_calendar
from rinde.entity.models import Entity
from rinde.exercises.models import Event, EventKind, Exercise
from rinde.questions import deadlines, tasks
from rinde.questions.models import (
    AUTHORIZATION_VERSION,
    Channel,
    PetitionKind,
    Question,
    new_tracking_code,
)

INTAKE_EXERCISES_CACHE_KEY = "questions:intake_exercises"


def exercises_key(entity_id: int | None) -> str:
    """The cache key of one entity's published exercises: two entities may both have a
    /rendicion/2026/ (docs/tenancy.md, step 6)."""
    return f"{INTAKE_EXERCISES_CACHE_KEY}:{entity_id}"


def term_for(kind: str) -> deadlines.Term:
    days, source = settings.QUESTION_TERMS[kind]
    return deadlines.Term(days, source)


def hearing_for(exercise: Exercise) -> Event | None:
    return exercise.events.filter(kind=EventKind.HEARING).order_by("starts_at").first()


@dataclass(frozen=True)
class Clock:
    """What the legal receipt date and the due date are computed from."""

    calendar: WorkCalendar
    cutoff: time | None  # the entity's office-hours cut-off (Entity.office_hours_cutoff)


def _published_exercises() -> dict[str, Exercise]:
    exercises = {e.slug: e for e in Exercise.objects.published()}
    cache.set(exercises_key(Entity.objects.current().pk), exercises, 3600)
    return exercises


def _clock(calendar: WorkCalendar | None = None, entity: Entity | None = None) -> Clock:
    entity = entity or Entity.objects.current()
    return Clock(calendar or work_calendar(), entity.office_hours_cutoff)


@dataclass(frozen=True)
class _Intake:
    exercises: dict[str, Exercise]
    clock: Clock
    read_at: float


# Per entity (its id): each entity's exercises, calendar and cut-off are its own.
_intake: dict[int | None, _Intake] = {}


def access_intake(slug: str) -> tuple[Exercise | None, Clock]:
    """The published exercise at /rendicion/<slug>/ that citizens' questions go to (None if
    there is none) and the clock for their due dates: every public question post needs both.

    Read in one cache round trip and kept in this process for QUESTION_INTAKE_SECONDS
    (settings). The shared cache forgets the published exercises whenever an exercise is
    saved or deleted (questions.signals), and the calendar and the entity when they change
    (entity.signals); those signals also drop this process's copy, so other processes follow
    within QUESTION_INTAKE_SECONDS."""
    now = monotonic()
    # The request's entity (no query: the middleware activated it).
    entity = Entity.objects.current()
    kept = _intake.get(entity.pk)
    if kept is None or now - kept.read_at >= settings.QUESTION_INTAKE_SECONDS:
        keys = exercises_key(entity.pk), calendar_key(entity.pk)
        found = cache.get_many(keys)
        exercises = found.get(keys[0])
        if exercises is None:
            exercises = _published_exercises()
        clock = _clock(found.get(keys[1]), entity)
        kept = _intake[entity.pk] = _Intake(exercises, clock, now)
    return kept.exercises.get(str(slug)), kept.clock


def open_instead_of(exercise: Exercise, today: date) -> Exercise | None:
    """When `exercise` has ended and another published exercise is open today, that one:
    a question asked at last year's address goes to the exercise open for it. Read from the
    published exercises `access_intake` keeps (no query)."""
    if exercise.ends_on >= today:
        return None
    kept = _intake.get(Entity.objects.current().pk)
    exercises = kept.exercises if kept is not None else _published_exercises()
    open_today = [e for e in exercises.values() if e.starts_on <= today <= e.ends_on]
    return max(open_today, key=lambda e: (e.starts_on, e.slug), default=None)


def forget_intake() -> None:
    _intake.clear()


def _apply_deadline(question: Question, deadline: deadlines.Deadline) -> None:
    question.received_on = deadline.received_on
    question.term_starts_after = deadline.starts_after
    question.term_days = deadline.term.days
    question.term_source = deadline.term.source
    question.due_on = deadline.due_on
    question.current_due_on = deadline.due_on


_insert_statements: dict[str, tuple[str, list]] = {}


def _insert(question: Question) -> None:
    """What question.save(force_insert=True) does, from SQL built once per process: the
    ORM's compiler rebuilt the ~30-column INSERT on every citizen's post, a sixth of the
    post's time (bench/questions.py). Each value is still prepared by its field as the ORM
    does (pre_save, then get_db_prep_save), and the new id comes back with RETURNING.

    It sends pre_save and post_save as save() does (the search index listens), but it
    skips Model.save() itself: the system check in questions.checks stops the project
    should Question ever override it."""
    db = transaction.get_connection()
    signals.pre_save.send(
        sender=Question, instance=question, raw=False, using=db.alias, update_fields=None
    )
    if db.vendor not in _insert_statements:
        meta = Question._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        quote = db.ops.quote_name
        # Identifiers come from the model's metadata, quoted; values go as parameters.
        sql = "INSERT INTO {} ({}) VALUES ({}) RETURNING {}".format(  # noqa: S608 # nosec B608
            quote(meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
            quote(meta.pk.column),
        )
        _insert_statements[db.vendor] = sql, fields
    sql, fields = _insert_statements[db.vendor]
    params = [f.get_db_prep_save(f.pre_save(question, True), connection=db) for f in fields]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        question.pk = cursor.fetchone()[0]
    question._state.adding = False
    question._state.db = db.alias
    signals.post_save.send(
        sender=Question,
        instance=question,
        created=True,
        update_fields=None,
        raw=False,
        using=db.alias,
    )


def receive_question(
    *,
    exercise: Exercise,
    text: str,
    channel: str = Channel.WEB,
    event: Event | None = None,
    topic: str = "",
    asker_name: str = "",
    asker_email: str = "",
    asker_phone: str = "",
    publish_name: bool = False,
    data_authorized: bool = False,
    received_at: datetime | None = None,
    actor=None,
    request=None,
    clock: Clock | None = None,
    form_token: str = "",
) -> Question:
    """Store a question from any channel with its legal deadline; once it is committed,
    enqueue the e-mail with the tracking code (tasks.send_question_received) when the asker
    gave an address. Staff entries are audited in the same transaction.

    Questions raised at the hearing (the live page, its chat, or with the hearing as event)
    run their term from the day after the hearing. `clock` is the one `access_intake` read,
    if the caller has it. A citizen's post spends its form's `form_token` in the same
    transaction (antispam.spend_form_token; FormTokenSpent for a replay)."""
    received_at = received_at or timezone.now()
    raised_at_hearing = channel in (Channel.LIVE, Channel.CHAT) or (
        event is not None and event.kind == EventKind.HEARING
    )
    if event is None and raised_at_hearing:
        event = hearing_for(exercise)
    # Direction controls go whatever the channel (paper, a chat export, the web form): a
    # right-to-left override in a text or a name reverses the page around it.
    text = strip_bidi_controls(text).strip()
    asker_name = strip_bidi_controls(asker_name).strip()
    question = Question(
        exercise=exercise,
        event=event,
        text=text,
        public_text=mask_personal_data(text),
        topic=topic.strip(),
        channel=channel,
        asker_name=asker_name,
        asker_email=asker_email.strip(),
        asker_phone=asker_phone.strip(),
        publish_name=publish_name and bool(asker_name),
        received_at=received_at,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if data_authorized and (asker_email or asker_phone or asker_name):
        question.data_authorization_version = AUTHORIZATION_VERSION
        question.data_authorized_at = timezone.now()
    clock = clock or _clock()
    _apply_deadline(
        question,
        deadlines.compute_deadline(
            timezone.localtime(received_at),
            term_for(PetitionKind.GENERAL),
            clock.calendar,
            cutoff=clock.cutoff,
            hearing_on=timezone.localdate(event.starts_at) if raised_at_hearing and event else None,
        ),
    )
    # A new code collides with a stored one with a chance of (codes stored) / 31⁶ (one in
    # ~900,000 with a thousand questions stored): retry the whole transaction rather than
    # pay for a savepoint on every question.
    for attempt in range(5):
        question.tracking_code = new_tracking_code(exercise.year)
        try:
            with transaction.atomic():
                if form_token:
                    spend_form_token(form_token)
                _insert(question)
                if question.created_by is not None:
                    audit.record(
                        actor=actor,
                        action="questions.register",
                        target=question,
                        changes={"channel": channel},
                        request=request,
                    )
            break
        except IntegrityError:
            question.pk = None
            if (
                attempt == 4
                # Tracking codes are unique site-wide: another entity's code collides too.
                or not Question.objects.across_entities()
                .filter(tracking_code=question.tracking_code)
                .exists()
            ):
                raise
    if question.asker_email:
        # After the commit, so the worker always finds the question; the request never
        # waits for the mail server. Robust: the question is stored, so failing to queue its
        # e-mail is logged, never an error page that would make the person send it again.
        transaction.on_commit(
            partial(tasks.send_question_received.enqueue, question.pk), robust=True
        )
    return question
