from datetime import date

from django.tasks import task
from django.utils import timezone

from rinde.core import mail_retry
from rinde.entity import work
from rinde.exercises.models import Exercise
from rinde.questions import emails, quarterly, reporting
from rinde.questions.digest import send_daily_digests
from rinde.questions.models import EmailStatus, Question, QuestionEmail


@task
def send_question_digests() -> int:
    # Each entity's departments and questions, one entity at a time (entity.work).
    return work.total_for_each_entity(send_daily_digests, timezone.localdate())


@task
@work.in_entity_of(Question, "question_id")
def send_question_received(question_id: int, failures: int = 0) -> None:
    """The tracking code by e-mail, off the request: a slow mail server never delays or
    fails a citizen's submission. A mail server refusing or silent: tried again later
    (core.mail_retry.BACKOFF)."""
    question = Question.objects.select_related("exercise").filter(pk=question_id).first()
    if question is None:  # erased on the asker's request before the worker got to it
        return
    try:
        emails.send_received(question, emails.tracking_link(question))
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_question_received, question_id, failures=failures, error=error
        ):
            raise


@task
@work.in_entity_of(Question, "question_id")
def send_due_date_changed(
    question_id: int, before: str, after: str, ground: str, failures: int = 0
) -> None:
    """Tell the asker their question's due date moved, with its legal ground, off the
    request and with the same retries as the tracking-code e-mail."""
    question = Question.objects.select_related("exercise").filter(pk=question_id).first()
    if question is None:
        return
    try:
        emails.send_due_date_changed(
            question,
            before=date.fromisoformat(before),
            after=date.fromisoformat(after),
            ground=ground,
            link=emails.tracking_link(question),
        )
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_due_date_changed,
            question_id,
            before,
            after,
            ground,
            failures=failures,
            error=error,
        ):
            raise


@task
@work.in_entity_of(QuestionEmail, "email_id", via="question__entity")
def send_question_email(email_id: int, failures: int = 0) -> None:
    """An e-mail a staff action queued (merge, answer, forward, extend), sent off the
    request, its outcome kept on the row staff see on the question. A mail server refusing
    or silent: tried again later (core.mail_retry.BACKOFF)."""
    email = (
        QuestionEmail.objects.select_related(
            "question__exercise", "question__merged_into", "answer__question"
        )
        .filter(pk=email_id)
        .first()
    )
    if email is None or email.status == EmailStatus.SENT:  # erased, or a repeated run
        return
    try:
        emails.send_queued(email)
    except Exception as error:
        retried = isinstance(error, mail_retry.RETRYABLE) and mail_retry.retry_later(
            send_question_email, email_id, failures=failures, error=error
        )
        QuestionEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.RETRYING if retried else EmailStatus.FAILED,
            failures=failures + 1,
            error=mail_retry.describe(error),
        )
        if not retried:
            raise
        return
    QuestionEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), error=""
    )


@task
@work.in_entity_of(Exercise, "exercise_id")
def render_answers_report_pdf(exercise_id: int, fingerprint: str) -> None:
    reporting.render_and_store_pdf(exercise_id, fingerprint)


@task
def render_quarterly_pdf(
    year: int, quarter: int, fingerprint: str, entity_id: int | None = None
) -> None:
    # A quarter is every entity's: whose report this is travels as `entity_id` (None from
    # a task queued before it did: the installation's entity, as then).
    with work.working_for_id(entity_id):
        quarterly.render_and_store_pdf(year, quarter, fingerprint)
