"""The staff workflow of citizens' questions (triage, merge, forward, extend, answer,
review, the chat import): one transaction each, audited, e-mail on commit. Receiving a
question is questions.intake."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit, files
from rinde.core.public_cache import refresh_public_pages
from rinde.core.sanitize import strip_bidi_controls, text_or_html
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Department
from rinde.exercises.models import Exercise
from rinde.questions import deadlines, due_dates, tasks
from rinde.questions.chat_import import ChatRow
from rinde.questions.intake import hearing_for, receive_question, term_for
from rinde.questions.models import (
    Answer,
    AnswerAttachment,
    AnswerState,
    Channel,
    EmailKind,
    Question,
    QuestionEmail,
    Status,
)
from rinde.subscriptions import notifications


def queue_email(question: Question, kind: str, *, answer: Answer | None = None) -> None:
    """Inside the action's transaction: the e-mail the asker is owed, as a row staff see
    on the question, sent by the worker after the commit (tasks.send_question_email). A
    mail server down never fails the saved change."""
    if not question.asker_email:
        return
    email = QuestionEmail.objects.create(question=question, kind=kind, answer=answer)
    transaction.on_commit(lambda: tasks.send_question_email.enqueue(email.pk), robust=True)


def chat_rows_already_stored(exercise: Exercise, rows: list[ChatRow], tz) -> set[int]:
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


@dataclass(frozen=True)
class ChatImport:
    registered: int  # questions stored
    repeated: int  # lines already stored by an earlier import, not stored again
    skipped: int  # lines staff marked as not questions (greetings, thanks)


@transaction.atomic
def import_chat_rows(
    *,
    exercise: Exercise,
    rows: list[ChatRow],
    not_questions: set[int],
    tz,
    actor,
    request=None,
) -> ChatImport:
    """Register the chat lines of a confirmed preview as questions of the hearing, all or
    none. `not_questions`: the lines staff marked in the preview as not questions."""
    _require(actor, Role.ICT, Role.PLANNING)
    # Checked again inside the transaction: the same file may have been confirmed from
    # another tab since the preview.
    repeated = chat_rows_already_stored(exercise, rows, tz)
    new_rows = [row for row in rows if row.line not in repeated | not_questions]
    hearing = hearing_for(exercise)
    for row in new_rows:
        receive_question(
            exercise=exercise,
            event=hearing,
            channel=Channel.CHAT,
            text=row.text,
            asker_name=row.author,
            received_at=row.sent_at.replace(tzinfo=tz),
            actor=actor,
            request=request,
        )
    return ChatImport(
        registered=len(new_rows),
        repeated=len(repeated),
        skipped=len(not_questions & {row.line for row in rows} - repeated),
    )


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
