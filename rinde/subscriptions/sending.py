"""Sending a notification's deliveries from the worker, each at most once.

The same discipline as outreach.bulletins (read its module docstring for the why): a row
per (notification, subscription) is unique; a worker takes one queued row at a time
(locked with `skip_locked` on PostgreSQL), gives the SMTP server the envelope, commits the
row as "sending", then hands over the message (core.mail_retry). A failure waits by
core.mail_retry.BACKOFF and the fourth is final; a worker that died after the "sending"
mark leaves it unconfirmed, never sent again automatically."""

import contextlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rinde.core import mail_retry
from rinde.entity.models import Entity
from rinde.subscriptions import services
from rinde.subscriptions.models import Delivery, DeliveryStatus

BATCH_SIZE = 200
UNCONFIRMED_REASON = "El trabajador se detuvo mientras entregaba el mensaje: puede haber llegado."


def _due(now) -> Q:
    return Q(status=DeliveryStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def unsubscribe_url(subscription) -> str:
    token = services.unsubscribe_token(subscription)
    return settings.SITE_URL.rstrip("/") + reverse("subscriptions:unsubscribe", args=[token])


def message(delivery: Delivery) -> EmailMultiAlternatives:
    notification, subscription = delivery.notification, delivery.subscription
    unsubscribe = unsubscribe_url(subscription)
    context = {
        "entity": Entity.objects.current(),
        "notification": notification,
        "subscription": subscription,
        "link": settings.SITE_URL.rstrip("/") + notification.path,
        "unsubscribe": unsubscribe,
    }
    text = render_to_string("subscriptions/emails/notification.txt", context)
    html = render_to_string("subscriptions/emails/notification.html", context)
    mail = EmailMultiAlternatives(
        # One line: a project name from a spreadsheet cell may hold a line break, which
        # Django refuses in a header (and which must never start a header of its own).
        " ".join(notification.title.split()),
        text,
        to=[subscription.email],
        # RFC 2369 and RFC 8058: the mail program's own "unsubscribe" button POSTs to the
        # link, without login or a page in between.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(html, "text/html")
    return mail


def send_batch(notification_id: int, *, run_id: str = "", attempt: int = 1) -> dict[str, int]:
    """Up to BATCH_SIZE due deliveries, then the task again for what is left."""
    if attempt > 1 and run_id:
        Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_by=run_id).update(
            status=DeliveryStatus.UNCONFIRMED, error=UNCONFIRMED_REASON
        )
    result = {"sent": 0, "retrying": 0, "failed": 0, "unconfirmed": 0}
    mailer = mailers.default
    try:
        while sum(result.values()) < BATCH_SIZE:
            outcome, server_failed = _send_next(notification_id, mailer, run_id)
            if outcome is None:
                break
            if outcome == "skipped":
                continue
            result[outcome] += 1
            if server_failed:
                break
    finally:
        _drop(mailer)
    queue_follow_up(notification_id)
    return result


def queue_follow_up(notification_id: int) -> None:
    from rinde.subscriptions import tasks

    now = timezone.now()
    waiting = Delivery.objects.filter(notification_id=notification_id, status=DeliveryStatus.QUEUED)
    if waiting.filter(_due(now)).exists():
        tasks.send_notification.enqueue(notification_id)
        return
    next_at = waiting.aggregate(next_at=Min("next_attempt_at"))["next_at"]
    # Tests run tasks at once (no deferring): they run the retries themselves.
    if next_at is not None and tasks.send_notification.get_backend().supports_defer:
        tasks.send_notification.using(run_after=next_at).enqueue(notification_id)


def _send_next(notification_id: int, mailer, run_id: str) -> tuple[str | None, bool]:
    now = timezone.now()
    row_locks = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if row_locks else contextlib.nullcontext():
        due = Delivery.objects.select_related("subscription", "notification").filter(
            _due(now), notification_id=notification_id
        )
        if row_locks:
            due = due.select_for_update(skip_locked=True, of=("self",))
        delivery = due.order_by("pk").first()
        if delivery is None:
            return None, False
        if not delivery.subscription.is_active:  # unsubscribed since it was queued
            Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
                status=DeliveryStatus.CANCELLED
            )
            return "skipped", False
        try:
            envelope = mail_retry.begin(mailer, message(delivery))
        except smtplib.SMTPRecipientsRefused as error:
            return _failed(delivery, error, now), False
        except mail_retry.ServerFailure as failure:
            _drop(mailer)
            return _failed(delivery, failure.error, now), True
        claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.SENDING, claimed_by=run_id, attempts=F("attempts") + 1
        )
        if not claimed:  # without row locks, another worker was quicker
            envelope.abandon()
            return "skipped", False
        delivery.attempts += 1
    try:
        envelope.deliver()
    except (smtplib.SMTPResponseException, mail_retry.NotDelivered) as error:  # did not go
        _drop(mailer)
        cause = error.__cause__ if isinstance(error, mail_retry.NotDelivered) else error
        return _failed(delivery, cause, timezone.now(), counted=True), False
    except Exception as error:  # noqa: BLE001 - a hang-up or a timeout: it may have arrived
        _drop(mailer)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.UNCONFIRMED, error=mail_retry.describe(error)
        )
        return "unconfirmed", False
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error="", next_attempt_at=None
    )
    return "sent", False


def _failed(delivery: Delivery, error: BaseException, now, *, counted: bool = False) -> str:
    failures = delivery.attempts if counted else delivery.attempts + 1
    when = (
        None if mail_retry.recipient_refused_for_good(error) else mail_retry.retry_at(failures, now)
    )
    ours = DeliveryStatus.SENDING if counted else DeliveryStatus.QUEUED
    Delivery.objects.filter(pk=delivery.pk, status=ours).update(
        status=DeliveryStatus.QUEUED if when else DeliveryStatus.FAILED,
        attempts=failures,
        next_attempt_at=when,
        error=mail_retry.describe(error),
    )
    return "retrying" if when else "failed"


def _drop(mailer) -> None:
    with contextlib.suppress(Exception):
        mailer.close()


def requeue_stranded() -> int:
    """Queue sending again for each notification with deliveries waiting but no task of its
    own waiting or running: a task given up after its worker died MAX_ATTEMPTS times
    (core.task_recovery) leaves them so. Run by `housekeeping`; returns the notifications."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from rinde.subscriptions import tasks

    waiting = set(
        Delivery.objects.filter(status=DeliveryStatus.QUEUED)
        .values_list("notification_id", flat=True)
        .distinct()
    )
    if not waiting:
        return 0
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=tasks.send_notification.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True):
        waiting.discard((args_kwargs.get("args") or [None])[0])
    for notification_id in sorted(waiting):
        queue_follow_up(notification_id)
    return len(waiting)
