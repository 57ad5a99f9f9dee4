"""Exactly-once e-mail delivery from the worker: the one loop every batch send uses.

An app keeps a delivery row per (send, recipient), unique, so queuing twice adds nobody
twice; it describes its rows in an `Outbox` and its task calls `send_batch`. The loop:
- takes one due row at a time, locked on PostgreSQL (`skip_locked`: several workers share
  a send), gives the SMTP server the sender and the recipient, and only then commits the
  row as "sending" (a conditional update), right before the message itself
  (core.mail_retry). A worker killed before that commit leaves the row queued: the task,
  queued again by core.task_recovery, sends it. Killed after it, the row stays "sending"
  until the same task runs again, which marks it "unconfirmed": it may have arrived, so
  it is never sent again automatically, and staff see it;
- an SMTP server refusing or silent (EMAIL_TIMEOUT) delays the waiting rows by
  core.mail_retry.BACKOFF (1, 5, 25 minutes); the fourth failure is final, with its
  reason. The task queues itself again for the next due time (`queue_follow_up`).

The rows need the fields `status` (queued, sending, sent, failed, unconfirmed), `error`,
`attempts`, `next_attempt_at`, `claimed_by` and `sent_at`.
"""

import contextlib
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage, mailers
from django.db import connection, models, transaction
from django.db.models import F, Min, Q
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rinde.core import mail_retry

QUEUED, SENDING, SENT, FAILED, UNCONFIRMED = "queued", "sending", "sent", "failed", "unconfirmed"


@dataclass(frozen=True)
class Outbox:
    """One app's delivery rows, as the loop needs them."""

    model: type[models.Model]
    # The foreign key grouping the rows of one send ("bulletin"); the task takes its id.
    send_field: str
    # Joined in for the message and the `withdrawn` check.
    related: tuple[str, ...]
    # Both take the app's delivery row.
    message: Callable[[Any], EmailMessage]
    # The recipient left since the row was queued: mark the row (a conditional update on
    # status queued) and return the outcome to count ("failed"), or "skipped" to count
    # nothing; None when the row is to be sent.
    withdrawn: Callable[[Any], str | None]
    unconfirmed_reason: str
    # A field stamped with the claim's time, for the staff page ("sending since 10:04").
    claimed_at_field: str = ""


def _due(now) -> Q:
    return Q(status=QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def send_batch(
    outbox: Outbox, send_id: int, *, limit: int, run_id: str = "", attempt: int = 1
) -> dict[str, int]:
    """The task's work: send up to `limit` due rows of one send. `run_id` is the task
    result's id and `attempt` its run number: a run after the first is the same task again
    after its worker died (core.task_recovery). The caller queues the follow-up."""
    if attempt > 1 and run_id:
        settle_interrupted(outbox, run_id)
    return send_queued(outbox, send_id, limit=limit, run_id=run_id)


def settle_interrupted(outbox: Outbox, run_id: str) -> int:
    """The rows an earlier run of this task left "sending" when its worker died: they may
    have arrived, so they become unconfirmed, never sent again automatically."""
    return outbox.model._default_manager.filter(status=SENDING, claimed_by=run_id).update(
        status=UNCONFIRMED, error=outbox.unconfirmed_reason
    )


def queue_follow_up(outbox: Outbox, send_id: int, task: Task) -> None:
    """Queue `task` again for the rows still waiting: now if some are due, else at the
    next retry's time."""
    now = timezone.now()
    waiting = outbox.model._default_manager.filter(
        **{f"{outbox.send_field}_id": send_id}, status=QUEUED
    )
    if waiting.filter(_due(now)).exists():
        task.enqueue(send_id)
        return
    next_at = waiting.aggregate(next_at=Min("next_attempt_at"))["next_at"]
    # Tests run tasks at once (no deferring): they run the retries themselves.
    if next_at is not None and task.get_backend().supports_defer:
        task.using(run_after=next_at).enqueue(send_id)


def requeue_stranded(outbox: Outbox, task: Task) -> int:
    """Queue `task` again for each send with rows waiting but no task of its own waiting
    or running: a task given up after its worker died MAX_ATTEMPTS times
    (core.task_recovery) leaves them so. Run by `housekeeping`; returns the sends."""
    waiting = set(
        outbox.model._default_manager.filter(status=QUEUED)
        .values_list(f"{outbox.send_field}_id", flat=True)
        .distinct()
    )
    if not waiting:
        return 0
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True):
        waiting.discard((args_kwargs.get("args") or [None])[0])
    for send_id in sorted(waiting):
        queue_follow_up(outbox, send_id, task)
    return len(waiting)


def send_queued(
    outbox: Outbox, send_id: int, *, limit: int | None = None, run_id: str = ""
) -> dict[str, int]:
    """Send the due rows of one send one at a time, over one SMTP connection for the whole
    run (a connection per message costs a TCP and SMTP handshake each); after a failure
    the connection is dropped and the next send opens a new one. A failure of the server
    (not of one address) stops the run: every waiting row is put off."""
    result = {"sent": 0, "retrying": 0, "failed": 0, "unconfirmed": 0}
    mailer = mailers.default
    try:
        while limit is None or sum(result.values()) < limit:
            outcome, server_failed = _send_next(outbox, send_id, mailer, run_id)
            if outcome is None:
                break
            if outcome == "skipped":
                continue
            result[outcome] += 1
            if server_failed:
                break
    finally:
        _drop(mailer)
    return result


def _send_next(outbox: Outbox, send_id: int, mailer, run_id: str) -> tuple[str | None, bool]:
    """Send the next due row: (its outcome, None when none is due; whether the server
    failed as a whole)."""
    rows = outbox.model._default_manager
    now = timezone.now()
    # PostgreSQL: the row stays locked through the envelope and other workers skip it.
    # SQLite has no row locks, and a transaction there holds the whole database's write
    # lock (IMMEDIATE), which must not wait on an SMTP server: there the conditional
    # update below is the claim on its own.
    row_locks = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if row_locks else contextlib.nullcontext():
        due = rows.select_related(*outbox.related).filter(
            _due(now), **{f"{outbox.send_field}_id": send_id}
        )
        if row_locks:
            # of=self: the rows joined in are not locked, or a second worker would skip
            # every row of the send.
            due = due.select_for_update(skip_locked=True, of=("self",))
        delivery: Any = due.order_by("pk").first()  # the app's delivery row
        if delivery is None:
            return None, False
        withdrawn = outbox.withdrawn(delivery)
        if withdrawn is not None:
            return withdrawn, False
        try:
            envelope = mail_retry.begin(mailer, outbox.message(delivery))
        except smtplib.SMTPRecipientsRefused as error:
            return _failed(outbox, delivery, error, now), False
        except mail_retry.ServerFailure as failure:
            _drop(mailer)
            outcome = _failed(outbox, delivery, failure.error, now)
            _put_off_waiting(outbox, send_id, failure.error, now, besides=delivery.pk)
            return outcome, True
        claim = {"status": SENDING, "claimed_by": run_id, "attempts": F("attempts") + 1}
        if outbox.claimed_at_field:
            claim[outbox.claimed_at_field] = now
        if not rows.filter(pk=delivery.pk, status=QUEUED).update(**claim):
            envelope.abandon()  # without row locks, another worker was quicker
            return "skipped", False
        delivery.attempts += 1
    # Committed "sending": from here on the message may arrive.
    try:
        envelope.deliver()
    except (smtplib.SMTPResponseException, mail_retry.NotDelivered) as error:  # did not go
        _drop(mailer)
        cause: BaseException = error
        if isinstance(error, mail_retry.NotDelivered) and error.__cause__ is not None:
            cause = error.__cause__
        return _failed(outbox, delivery, cause, timezone.now(), counted=True), False
    except Exception as error:  # noqa: BLE001 - a hang-up or a timeout: it may have arrived
        _drop(mailer)
        rows.filter(pk=delivery.pk).update(status=UNCONFIRMED, error=mail_retry.describe(error))
        return "unconfirmed", False
    rows.filter(pk=delivery.pk).update(
        status=SENT, sent_at=timezone.now(), error="", next_attempt_at=None
    )
    return "sent", False


def _failed(outbox: Outbox, delivery, error: BaseException, now, *, counted: bool = False) -> str:
    """Record a failed attempt: queued again for the next retry, or failed for good.
    `counted`: the attempt was already counted when the row was marked sending."""
    failures = delivery.attempts if counted else delivery.attempts + 1
    when = (
        None if mail_retry.recipient_refused_for_good(error) else mail_retry.retry_at(failures, now)
    )
    ours = SENDING if counted else QUEUED
    outbox.model._default_manager.filter(pk=delivery.pk, status=ours).update(
        status=QUEUED if when else FAILED,
        attempts=failures,
        next_attempt_at=when,
        error=mail_retry.describe(error),
    )
    return "retrying" if when else "failed"


def _put_off_waiting(
    outbox: Outbox, send_id: int, error: BaseException, now, *, besides: int
) -> None:
    """The server failed as a whole: each row that was due counts a failed attempt and
    waits by its own count (else a dead server would be probed once per row)."""
    waiting = outbox.model._default_manager.filter(
        _due(now), **{f"{outbox.send_field}_id": send_id}
    ).exclude(pk=besides)
    reason = mail_retry.describe(error)
    for attempts in set(waiting.values_list("attempts", flat=True)):
        failures = attempts + 1
        when = mail_retry.retry_at(failures, now)
        waiting.filter(attempts=attempts).update(
            status=QUEUED if when else FAILED,
            attempts=failures,
            next_attempt_at=when,
            error=reason,
        )


def _drop(mailer) -> None:
    """Close the connection, whatever state a failure left it in."""
    with contextlib.suppress(Exception):
        mailer.close()
