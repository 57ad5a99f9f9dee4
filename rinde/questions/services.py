"""Changes of state of citizens' questions: one transaction each, audited, e-mail on commit."""

import threading
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from time import monotonic

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, signals
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit, files
from rinde.core.antispam import spend_form_token
from rinde.core.calendar import WorkCalendar
from rinde.core.privacy import mask_personal_data
from rinde.core.public_cache import refresh_public_pages
from rinde.core.sanitize import strip_bidi_controls, text_or_html
from rinde.entity.calendar import CALENDAR_CACHE_KEY, work_calendar
from rinde.entity.models import ENTITY_CACHE_KEY, Department, Entity
from rinde.exercises.models import Event, EventKind, Exercise
from rinde.questions import deadlines, due_dates, tasks
from rinde.questions.models import (
    AUTHORIZATION_VERSION,
    Answer,
    AnswerAttachment,
    AnswerState,
    Channel,
    EmailKind,
    PetitionKind,
    Question,
    QuestionEmail,
    Status,
    new_tracking_code,
)
from rinde.subscriptions import notifications


def term_for(kind: str) -> deadlines.Term:
    days, source = settings.QUESTION_TERMS[kind]
    return deadlines.Term(days, source)


def tracking_link(question: Question) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "questions:detail", args=[question.tracking_code]
    )


def queue_email(question: Question, kind: str, *, answer: Answer | None = None) -> None:
    """Inside the action's transaction: the e-mail the asker is owed, as a row staff see
    on the question, sent by the worker after the commit (tasks.send_question_email). A
    mail server down never fails the saved change."""
    if not question.asker_email:
        return
    email = QuestionEmail.objects.create(question=question, kind=kind, answer=answer)
    transaction.on_commit(lambda: tasks.send_question_email.enqueue(email.pk), robust=True)


def hearing_for(exercise: Exercise) -> Event | None:
    return exercise.events.filter(kind=EventKind.HEARING).order_by("starts_at").first()


INTAKE_EXERCISES_CACHE_KEY = "questions:intake_exercises"


@dataclass(frozen=True)
class Clock:
    """What the legal receipt date and the due date are computed from."""

    calendar: WorkCalendar
    cutoff: time | None  # the entity's office-hours cut-off (Entity.office_hours_cutoff)


def _published_exercises() -> dict[str, Exercise]:
    exercises = {e.slug: e for e in Exercise.objects.published()}
    cache.set(INTAKE_EXERCISES_CACHE_KEY, exercises, 3600)
    return exercises


def _clock(calendar: WorkCalendar | None = None, entity: Entity | None = None) -> Clock:
    entity = entity or Entity.objects.current()
    return Clock(calendar or work_calendar(), entity.office_hours_cutoff)


@dataclass(frozen=True)
class _Intake:
    exercises: dict[str, Exercise]
    clock: Clock
    read_at: float


_intake: _Intake | None = None


def access_intake(slug: str) -> tuple[Exercise | None, Clock]:
    """The published exercise at /rendicion/<slug>/ that citizens' questions go to (None if there is
    none) and the clock for their due dates: every public question post needs both.

    Read in one cache round trip and kept in this process for QUESTION_INTAKE_SECONDS
    (settings). The shared cache forgets the published exercises (one a year) whenever an
    exercise is saved or deleted (questions.signals), and the calendar and the entity when
    they change (entity.signals); those signals also drop this process's copy, so other
    processes follow within QUESTION_INTAKE_SECONDS."""
    global _intake
    now = monotonic()
    if _intake is None or now - _intake.read_at >= settings.QUESTION_INTAKE_SECONDS:
        found = cache.get_many([INTAKE_EXERCISES_CACHE_KEY, CALENDAR_CACHE_KEY, ENTITY_CACHE_KEY])
        exercises = found.get(INTAKE_EXERCISES_CACHE_KEY)
        if exercises is None:
            exercises = _published_exercises()
        clock = _clock(found.get(CALENDAR_CACHE_KEY), found.get(ENTITY_CACHE_KEY))
        _intake = _Intake(exercises, clock, now)
    return _intake.exercises.get(str(slug)), _intake.clock


def open_instead_of(exercise: Exercise, today: date) -> Exercise | None:
    """When `exercise` has ended and another published exercise is open today, that one:
    a question asked at last year's address goes to the exercise open for it. Read from the
    published exercises `access_intake` keeps (no query)."""
    if exercise.ends_on >= today:
        return None
    exercises = _intake.exercises if _intake is not None else _published_exercises()
    open_today = [e for e in exercises.values() if e.starts_on <= today <= e.ends_on]
    return max(open_today, key=lambda e: (e.starts_on, e.slug), default=None)


def forget_intake() -> None:
    global _intake
    _intake = None


def _deadline(received_at: datetime, kind: str, *, hearing: Event | None, clock: Clock):
    return deadlines.compute_deadline(
        timezone.localtime(received_at),
        term_for(kind),
        clock.calendar,
        cutoff=clock.cutoff,
        hearing_on=timezone.localdate(hearing.starts_at) if hearing else None,
    )


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
    Question has no save() override; should a pre_save or post_save receiver ever be
    connected for it, save() runs instead so the receiver is not skipped."""
    if signals.pre_save.has_listeners(Question) or signals.post_save.has_listeners(Question):
        question.save(force_insert=True)
        return
    db = transaction.get_connection()
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
    if db.vendor == "postgresql" and not db.settings_dict["OPTIONS"].get("server_side_binding"):
        cursor = _insert_cursor(db)
        cursor.execute(sql, params)
        question.pk = cursor.fetchone()[0]
    else:
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            question.pk = cursor.fetchone()[0]
    question._state.adding = False
    question._state.db = db.alias


_insert_cursors = threading.local()


def _insert_cursor(db):
    """The cursor for the INSERT on PostgreSQL: one that sends the values apart from the
    SQL (psycopg's server-side binding), where Django's default cursor quotes all ~30
    values into the statement's text in Python first, a tenth of a citizen's post
    (bench/questions.py). It is kept for the next post on the same connection (per thread,
    like the connection): opening and closing a psycopg cursor on every post cost a
    twentieth more. Wrapped as BaseDatabaseWrapper.cursor() wraps one, so query logging,
    execute wrappers and the mapping of database errors (IntegrityError for a colliding
    code) still apply; a new connection (CONN_MAX_AGE, a dropped one) gets a new cursor."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    db.close_if_health_check_failed()
    db.ensure_connection()
    kept = getattr(_insert_cursors, db.alias, None)
    if kept is None or kept.connection is not db.connection or kept.closed:
        kept = ServerBindingCursor(db.connection)
        setattr(_insert_cursors, db.alias, kept)
    with db.wrap_database_errors:
        return db._prepare_cursor(kept)


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
    has_contact = bool(asker_email or asker_phone or asker_name)
    # Direction controls go at once, whatever the channel (the web form's fast path, paper,
    # a chat export): a right-to-left override in a text or a name reverses the page around
    # it, staff pages included.
    text = strip_bidi_controls(text).strip()
    asker_name = strip_bidi_controls(asker_name)
    question = Question(
        exercise=exercise,
        event=event,
        text=text,
        public_text=mask_personal_data(text),
        topic=topic.strip(),
        channel=channel,
        asker_name=asker_name.strip(),
        asker_email=asker_email.strip(),
        asker_phone=asker_phone.strip(),
        publish_name=publish_name and bool(asker_name),
        received_at=received_at,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if has_contact and data_authorized:
        question.data_authorization_version = AUTHORIZATION_VERSION
        question.data_authorized_at = timezone.now()
    _apply_deadline(
        question,
        _deadline(
            received_at,
            PetitionKind.GENERAL,
            hearing=event if raised_at_hearing else None,
            clock=clock or _clock(),
        ),
    )
    audited = question.created_by is not None
    # A question without other rows is a single INSERT: outside any transaction it is one
    # by itself, stored whole or not at all, and needs no BEGIN and COMMIT round trips. A
    # staff entry adds its audit row, a web post its spent form token (spent only if the
    # question is stored), and a caller's transaction (the chat import) needs a savepoint so
    # a colliding code can be retried: all go through atomic().
    single_statement = (
        not audited and not form_token and not transaction.get_connection().in_atomic_block
    )
    # A new code collides with a stored one with a chance of (codes stored) / 31⁶ (one in
    # ~900,000 with a thousand questions stored): retry the whole transaction rather than
    # pay for a savepoint on every question.
    for attempt in range(5):
        question.tracking_code = new_tracking_code(exercise.year)
        try:
            with nullcontext() if single_statement else transaction.atomic():
                if form_token:
                    spend_form_token(form_token)
                _insert(question)
                if audited:
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
                or not Question.objects.filter(tracking_code=question.tracking_code).exists()
            ):
                raise
    if question.asker_email:
        # After the commit (at once when there was no transaction), so the worker always
        # finds the question; the request never waits for the mail server. Robust: the
        # question is stored, so failing to queue its e-mail is logged, never turned into an
        # error page that would make the person send it again.
        transaction.on_commit(
            partial(tasks.send_question_received.enqueue, question.pk), robust=True
        )
    return question


def chat_rows_already_stored(exercise: Exercise, rows, tz) -> set[int]:
    """The lines of a chat file whose comment is already a question of this exercise (same
    author, text and time, from the chat): a file uploaded twice, or an export that
    overlaps an earlier one, must not register anyone's comment twice."""
    if not rows:
        return set()
    times = [row.sent_at.replace(tzinfo=tz) for row in rows]
    stored = set(
        Question.objects.filter(
            exercise=exercise,
            channel=Channel.CHAT,
            received_at__gte=min(times),
            received_at__lte=max(times),
        ).values_list("asker_name", "text", "received_at")
    )
    return {
        row.line
        for row, sent_at in zip(rows, times, strict=True)
        # As receive_question stored them: without direction controls.
        if (
            strip_bidi_controls(row.author).strip(),
            strip_bidi_controls(row.text).strip(),
            sent_at,
        )
        in stored
    }


def _require(user, *roles: Role) -> None:
    if not permissions.has_role(user, *roles):
        raise PermissionDenied("role")


def _save(question: Question, actor, action: str, changes: dict, request=None) -> None:
    question.save()
    audit.record(actor=actor, action=action, target=question, changes=changes, request=request)
    refresh_public_pages()  # staff changes show at once


@transaction.atomic
def classify_question(
    question: Question, *, actor, department: Department, kind: str, topic: str, request=None
) -> Question:
    """Triage: topic, department and kind of petition. The kind sets the legal term, always
    counted from the legal receipt date (or the hearing)."""
    _require(actor, Role.ICT, Role.PLANNING)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status not in (Status.RECEIVED, Status.ASSIGNED):
        raise ValidationError("Solo se clasifican preguntas sin respuesta.")
    before = [question.kind, question.department_id, question.topic, str(question.due_on)]
    told_due_on = question.current_due_on
    question.department = department
    question.topic = topic.strip()
    if kind != question.kind and question.extended_at is None:
        question.kind = kind
        term = term_for(kind)
        question.term_days, question.term_source = term.days, term.source
        question.due_on = question.current_due_on = work_calendar().add_business_days(
            question.term_starts_after, term.days
        )
    question.status = Status.ASSIGNED
    after = [question.kind, department.pk, question.topic, str(question.due_on)]
    _save(
        question,
        actor,
        "questions.classify",
        {"kind,department,topic,due_on": [before, after]},
        request,
    )
    # The asker was told the first due date on receipt: a new kind's term moves it, and
    # they hear the new date with its ground (Ley 1755 art. 14).
    due_dates.tell_asker(
        question,
        before=told_due_on,
        after=question.current_due_on,
        ground=_("Su pregunta se clasificó como «%(kind)s». %(source)s.")
        % {"kind": question.get_kind_display(), "source": question.term_source},
    )
    return question


@transaction.atomic
def reject_question(question: Question, *, actor, reason: str, request=None) -> Question:
    """Spam or abuse: kept with its reason, never deleted."""
    _require(actor, Role.ICT, Role.PLANNING)
    if not reason.strip():
        raise ValidationError("Escriba el motivo del rechazo.")
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status not in (Status.RECEIVED, Status.ASSIGNED):
        raise ValidationError("Solo se rechazan preguntas sin respuesta.")
    question.status = Status.REJECTED
    question.rejection_reason = reason.strip()
    _save(question, actor, "questions.reject", {"reason": reason.strip()}, request)
    return question


@transaction.atomic
def merge_question(question: Question, *, into: Question, actor, request=None) -> Question:
    _require(actor, Role.ICT, Role.PLANNING)
    if into.pk == question.pk:
        raise ValidationError("Una pregunta no se une consigo misma: escriba el código de la otra.")
    if into.exercise_id != question.exercise_id:
        raise ValidationError("Solo se une con otra pregunta del mismo ejercicio.")
    if into.status in (Status.MERGED, Status.REJECTED):
        raise ValidationError("No se puede unir con una pregunta rechazada o ya unida.")
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status not in (Status.RECEIVED, Status.ASSIGNED):
        raise ValidationError("Solo se unen preguntas sin respuesta.")
    question.status = Status.MERGED
    question.merged_into = into
    _save(question, actor, "questions.merge", {"into": into.tracking_code}, request)
    # The asker of the duplicate learns where the answer will be (and gets it: _announce).
    queue_email(question, EmailKind.MERGED)
    return question


def _announce_answer(question: Question, answer: Answer) -> None:
    """After the commit, e-mail the published answer to whoever asked it, and to the askers
    of the questions merged into it (they were told they would hear here)."""
    queue_email(question, EmailKind.ANSWERED, answer=answer)
    for duplicate in question.duplicates.filter(status=Status.MERGED).exclude(asker_email=""):
        queue_email(duplicate, EmailKind.ANSWERED, answer=answer)
    notifications.answer_published(answer)  # the question's followers, after the commit


@transaction.atomic
def mark_answered_at_hearing(
    question: Question, *, actor, minute: str, summary: str, request=None
) -> Question:
    _require(actor, Role.ICT, Role.PLANNING)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status not in (Status.RECEIVED, Status.ASSIGNED):
        raise ValidationError("Solo se marcan preguntas sin respuesta.")
    hearing = hearing_for(question.exercise)
    if hearing is None:
        raise ValidationError("Este ejercicio no tiene audiencia registrada.")
    if question.received_at > hearing.ends_at:
        raise ValidationError(
            "La pregunta llegó después de la audiencia: no pudo responderse en ella. "
            "Asígnela para una respuesta por escrito."
        )
    if timezone.now() < hearing.starts_at:
        raise ValidationError("La audiencia todavía no se ha realizado.")
    question.status = Status.AT_HEARING
    question.hearing_minute = minute
    # Answered the day of the hearing, whenever staff record it: the legal clock stopped
    # then (recording it later must not make it look late).
    question.answered_on = timezone.localdate(hearing.starts_at)
    version = _next_version(question)
    answer = Answer.objects.create(
        question=question,
        version=version,
        body=text_or_html(summary),
        state=AnswerState.PUBLISHED,
        drafted_by=actor,
        reviewed_by=actor,
        published_at=timezone.now(),
    )
    _save(question, actor, "questions.answered_at_hearing", {"minute": minute}, request)
    _announce_answer(question, answer)
    return question


@transaction.atomic
def forward_question(question: Question, *, actor, authority: str, request=None) -> Question:
    """Ley 1755 art. 21: not ours; forwarded to the competent authority, asker told."""
    _require(actor, Role.ICT, Role.PLANNING)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status not in (Status.RECEIVED, Status.ASSIGNED):
        raise ValidationError("Solo se remiten preguntas sin respuesta.")
    days, source = settings.QUESTION_FORWARD_TERM
    question.status = Status.FORWARDED
    question.forwarded_to = authority.strip()
    question.forward_due_on = work_calendar().add_business_days(question.received_on, days)
    question.answered_on = timezone.localdate()
    _save(question, actor, "questions.forward", {"authority": authority, "rule": source}, request)
    queue_email(question, EmailKind.FORWARDED)
    return question


@transaction.atomic
def extend_deadline(
    question: Question,
    *,
    actor,
    new_due_on: date,
    reason: str,
    today: date | None = None,
    request=None,
) -> Question:
    """Ley 1755 art. 14 parágrafo: before the term ends, with reasons, at most twice the term."""
    _require(actor, Role.PLANNING, Role.OFFICER)
    question = Question.objects.select_for_update().get(pk=question.pk)
    permissions.check_department(actor, question.department_id)
    if not reason.strip():
        raise ValidationError("Escriba el motivo de la prórroga: la ley exige explicarlo.")
    if not question.is_open:
        raise ValidationError("Solo se prorrogan preguntas abiertas.")
    try:
        deadlines.check_extension(
            today=today or timezone.localdate(),
            due_on=question.current_due_on,
            new_due_on=new_due_on,
            starts_after=question.term_starts_after,
            term=question.term,
            calendar=work_calendar(),
            already_extended=question.extended_at is not None,
        )
    except deadlines.ExtensionError as error:
        raise ValidationError(str(error)) from None
    before = str(question.current_due_on)
    question.current_due_on = new_due_on
    question.extension_reason = reason.strip()
    question.extended_at = timezone.now()
    _save(
        question,
        actor,
        "questions.extend",
        {"due_on": [before, str(new_due_on)], "reason": reason},
        request,
    )
    queue_email(question, EmailKind.EXTENDED)
    return question


def _next_version(question: Question) -> int:
    return (question.answers.aggregate(v=Max("version"))["v"] or 0) + 1


@transaction.atomic
def draft_answer(
    question: Question,
    *,
    actor,
    body: str,
    attachment=None,
    attachment_title: str = "",
    request=None,
) -> Answer:
    """The department officer (or planning) writes the answer; planning reviews it. On an
    answered question this drafts a correction: a new version, the old one stays public."""
    _require(actor, Role.OFFICER, Role.PLANNING)
    question = Question.objects.select_for_update().get(pk=question.pk)
    permissions.check_department(actor, question.department_id)
    if question.status not in (Status.ASSIGNED, Status.ANSWERED, Status.AT_HEARING):
        raise ValidationError("Esta pregunta no admite una respuesta ahora.")
    if question.answers.filter(state=AnswerState.SUBMITTED).exists():
        raise ValidationError("Ya hay una respuesta en revisión; espere la decisión de Planeación.")
    clean = text_or_html(body)
    if not clean.strip():
        raise ValidationError("La respuesta está vacía.")
    answer = Answer.objects.create(
        question=question,
        version=_next_version(question),
        body=clean,
        state=AnswerState.SUBMITTED,
        drafted_by=actor,
    )
    if attachment is not None:
        # Private until planning publishes the answer (review_answer copies it out).
        AnswerAttachment.objects.create(
            answer=answer,
            file=attachment,
            original_name=getattr(attachment, "original_name", ""),
            title=attachment_title.strip(),
            size=attachment.size,
        )
    if question.status == Status.ASSIGNED:
        question.status = Status.IN_REVIEW
        question.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="questions.draft_answer",
        target=question,
        changes={"version": answer.version},
        request=request,
    )
    return answer


@transaction.atomic
def review_answer(
    answer: Answer, *, actor, approve: bool, comment: str = "", request=None
) -> Answer:
    """Planning approves (publishes and e-mails the asker) or returns with comments."""
    _require(actor, Role.PLANNING)
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    if answer.state != AnswerState.SUBMITTED:
        raise ValidationError("Esta respuesta ya fue revisada.")
    question = answer.question
    answer.reviewed_by = actor
    answer.review_comment = comment.strip()
    if approve:
        answer.state = AnswerState.PUBLISHED
        answer.published_at = timezone.now()
        for attachment in answer.attachments.filter(public_file=""):
            attachment.public_file.name = files.copy_to_public(
                attachment.file, "questions/answers/%Y"
            )
            attachment.save(update_fields=["public_file"])
        if question.answered_on is None:
            question.answered_on = timezone.localdate()
        if question.status != Status.AT_HEARING:
            question.status = Status.ANSWERED
        _announce_answer(question, answer)
    else:
        if not comment.strip():
            raise ValidationError("Escriba qué debe corregirse.")
        answer.state = AnswerState.RETURNED
        if question.status == Status.IN_REVIEW:
            question.status = Status.ASSIGNED
    answer.save()
    question.save()
    audit.record(
        actor=actor,
        action="questions.approve_answer" if approve else "questions.return_answer",
        target=question,
        changes={"version": answer.version, "comment": comment},
        request=request,
    )
    refresh_public_pages()  # staff changes show at once
    return answer
