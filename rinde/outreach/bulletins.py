"""Press bulletins: publish, and send to the media directory in the background.

At most once per contact, and nothing left waiting for a button:
- a Delivery row per (bulletin, contact) is unique, so sending a bulletin twice adds
  nobody twice;
- a worker takes one queued row at a time, locked on PostgreSQL (`skip_locked`: several
  workers share a bulletin), gives the SMTP server the sender and the recipient, and only
  then commits the row as "sending" (a conditional update), right before the message
  itself (core.mail_retry). A worker killed
  before that commit leaves the row queued: the task, queued again by
  core.task_recovery, sends it. Killed after it, the row stays "sending" until the same
  task runs again, which marks it "unconfirmed": it may have arrived, so it is never sent
  again automatically, and staff see it;
- an SMTP server refusing or silent (EMAIL_TIMEOUT) delays the waiting deliveries by
  core.mail_retry.BACKOFF (1, 5, 25 minutes); the fourth failure is final, with its
  reason. The task queues itself again for the next due time.
"""

import contextlib
import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.tasks import TaskResultStatus
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rinde.core import audit, mail_retry
from rinde.core.public_cache import bump_site_version
from rinde.outreach.models import Bulletin, Delivery, DeliveryStatus, MediaContact
from rinde.subscriptions import notifications

UNSUBSCRIBE_SALT = "rinde.outreach.unsubscribe"
BATCH_SIZE = 200


def unsubscribe_token(contact: MediaContact) -> str:
    return signing.dumps(contact.pk, salt=UNSUBSCRIBE_SALT)


def contact_from_token(token: str) -> MediaContact | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return MediaContact.objects.filter(pk=pk).first()


@transaction.atomic
def publish(bulletin: Bulletin, *, actor, request=None) -> Bulletin:
    if bulletin.published_at is None:
        bulletin.published_at = timezone.now()
        bulletin.save(update_fields=["published_at"])
        audit.record(
            actor=actor,
            action="outreach.bulletin.publish",
            target=bulletin,
            changes={"published_at": [None, bulletin.published_at]},
            request=request,
        )
        transaction.on_commit(bump_site_version)
        notifications.bulletin_published(bulletin)  # e-mail subscribers, after the commit
    return bulletin


def queue_sending(bulletin: Bulletin, *, lists, actor, request=None) -> int:
    """Queue the bulletin for every contact on the chosen media lists who has not opted
    out; returns how many were added. A contact on two lists, or already queued by an
    earlier send, is not added again (the unique Delivery pair)."""
    from rinde.outreach import tasks
    from rinde.outreach.media_lists import recipients

    lists = list(lists)
    if not lists:
        raise ValueError("a bulletin is sent to at least one media list")
    with transaction.atomic():
        contacts = recipients(lists).exclude(deliveries__bulletin=bulletin)
        added = Delivery.objects.bulk_create(
            [Delivery(bulletin=bulletin, contact=c) for c in contacts.only("pk")],
            ignore_conflicts=True,
            batch_size=1000,
        )
        bulletin.lists.add(*lists)
        audit.record(
            actor=actor,
            action="outreach.bulletin.send",
            target=bulletin,
            changes={"queued": len(added), "lists": [str(media_list) for media_list in lists]},
            request=request,
        )
        transaction.on_commit(lambda: tasks.send_bulletin.enqueue(bulletin.pk))
    return len(added)


def retry_failed(bulletin: Bulletin, *, actor, request=None) -> int:
    """Staff's second chance for deliveries that failed for good (after every automatic
    retry, or an address refused): queued again with a fresh schedule. Contacts who opted
    out, and unconfirmed deliveries (they may have arrived), are left as they are."""
    from rinde.outreach import tasks

    with transaction.atomic():
        count = (
            Delivery.objects.filter(bulletin=bulletin, status=DeliveryStatus.FAILED)
            .filter(contact__opted_out_at__isnull=True)
            .update(status=DeliveryStatus.QUEUED, error="", attempts=0, next_attempt_at=None)
        )
        audit.record(
            actor=actor,
            action="outreach.bulletin.retry",
            target=bulletin,
            changes={"requeued": count},
            request=request,
        )
        transaction.on_commit(lambda: tasks.send_bulletin.enqueue(bulletin.pk))
    return count


def _due(now) -> Q:
    return Q(status=DeliveryStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def _message(delivery: Delivery) -> EmailMultiAlternatives:
    bulletin, contact = delivery.bulletin, delivery.contact
    base = settings.SITE_URL.rstrip("/")
    context = {
        "bulletin": bulletin,
        "link": base + reverse("outreach:bulletin", args=[bulletin.slug]),
        "unsubscribe": base + reverse("outreach:unsubscribe", args=[unsubscribe_token(contact)]),
    }
    text = render_to_string("outreach/emails/bulletin.txt", context)
    html = render_to_string("outreach/emails/bulletin.html", context)
    message = EmailMultiAlternatives(
        bulletin.title,
        text,
        to=[contact.email],
        headers={"List-Unsubscribe": f"<{context['unsubscribe']}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


UNCONFIRMED_REASON = (
    "El trabajador se detuvo mientras entregaba este mensaje al servidor de correo: puede "
    "haber llegado. No se reenvía solo, para no duplicarlo."
)


def send_batch(bulletin_id: int, *, run_id: str = "", attempt: int = 1) -> dict[str, int]:
    """The task's work: send up to BATCH_SIZE due deliveries, then queue the task again if
    any are left (now, or at the next retry's time): the worker is free for other tasks
    between batches. `run_id` is the task result's id and `attempt` its run number: a run
    after the first is the same task again after its worker died (core.task_recovery)."""
    if attempt > 1 and run_id:
        settle_interrupted(run_id)
    result = send_queued(bulletin_id, limit=BATCH_SIZE, run_id=run_id)
    queue_follow_up(bulletin_id)
    return result


def settle_interrupted(run_id: str) -> int:
    """The deliveries an earlier run of this task left "sending" when its worker died:
    they may have arrived, so they become unconfirmed, never sent again automatically."""
    return Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_by=run_id).update(
        status=DeliveryStatus.UNCONFIRMED, error=UNCONFIRMED_REASON
    )


def queue_follow_up(bulletin_id: int) -> None:
    from rinde.outreach import tasks

    now = timezone.now()
    waiting = Delivery.objects.filter(bulletin_id=bulletin_id, status=DeliveryStatus.QUEUED)
    if waiting.filter(_due(now)).exists():
        tasks.send_bulletin.enqueue(bulletin_id)
        return
    next_at = waiting.aggregate(next_at=Min("next_attempt_at"))["next_at"]
    # Tests run tasks at once (no deferring): they run the retries themselves.
    if next_at is not None and tasks.send_bulletin.get_backend().supports_defer:
        tasks.send_bulletin.using(run_after=next_at).enqueue(bulletin_id)


def requeue_stranded() -> int:
    """Queue sending again for each bulletin with deliveries waiting but no task of its own
    waiting or running: a task given up after its worker died MAX_ATTEMPTS times
    (core.task_recovery) leaves them so. Run by `housekeeping`; returns the bulletins."""
    from rinde.outreach import tasks  # tasks imports this module

    waiting = set(
        Delivery.objects.filter(status=DeliveryStatus.QUEUED)
        .values_list("bulletin_id", flat=True)
        .distinct()
    )
    if not waiting:
        return 0
    path = tasks.send_bulletin.module_path
    for args_kwargs in DBTaskResult.objects.filter(
        task_path=path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True):
        waiting.discard((args_kwargs.get("args") or [None])[0])
    for bulletin_id in sorted(waiting):
        queue_follow_up(bulletin_id)
    return len(waiting)


def send_queued(bulletin_id: int, *, limit: int | None = None, run_id: str = "") -> dict:
    """Send the due deliveries of a bulletin one at a time, over one SMTP connection for
    the whole run (a connection per message costs a TCP and SMTP handshake each); after a
    failure the connection is dropped and the next send opens a new one. A failure of the
    server (not of one address) stops the run: every waiting delivery is put off."""
    result = {"sent": 0, "retrying": 0, "failed": 0, "unconfirmed": 0}
    mailer = mailers.default
    try:
        while limit is None or sum(result.values()) < limit:
            outcome, server_failed = _send_next(bulletin_id, mailer, run_id)
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


def _send_next(bulletin_id: int, mailer, run_id: str) -> tuple[str | None, bool]:
    """Send the next due delivery: (its outcome, None when none is due or another worker
    took it first; whether the server failed as a whole)."""
    now = timezone.now()
    # PostgreSQL: the row stays locked through the envelope and other workers skip it.
    # SQLite has no row locks, and a transaction there holds the whole database's write
    # lock (IMMEDIATE), which must not wait on an SMTP server: there the conditional
    # update below is the claim on its own.
    row_locks = connection.features.has_select_for_update_skip_locked
    with transaction.atomic() if row_locks else contextlib.nullcontext():
        due = Delivery.objects.select_related("contact", "bulletin").filter(
            _due(now), bulletin_id=bulletin_id
        )
        if row_locks:
            # of=self: the bulletin and contact rows joined in are not locked, or a second
            # worker would skip every row of the bulletin.
            due = due.select_for_update(skip_locked=True, of=("self",))
        delivery = due.order_by("pk").first()
        if delivery is None:
            return None, False
        if delivery.contact.opted_out_at is not None:
            Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
                status=DeliveryStatus.FAILED, error="El medio se dio de baja."
            )
            return "failed", False
        try:
            envelope = mail_retry.begin(mailer, _message(delivery))
        except smtplib.SMTPRecipientsRefused as error:
            return _failed(delivery, error, now), False
        except mail_retry.ServerFailure as failure:
            _drop(mailer)
            outcome = _failed(delivery, failure.error, now)
            _put_off_waiting(bulletin_id, failure.error, now, besides=delivery.pk)
            return outcome, True
        claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.SENDING,
            claimed_at=now,
            claimed_by=run_id,
            attempts=F("attempts") + 1,
        )
        if not claimed:  # without row locks, another worker was quicker
            envelope.abandon()
            return "skipped", False
        delivery.attempts += 1
    # Committed "sending": from here on the message may arrive.
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
    """Record a failed attempt: queued again for the next retry, or failed for good.
    `counted`: the attempt was already counted when the row was marked sending."""
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


def _put_off_waiting(bulletin_id: int, error: BaseException, now, *, besides: int) -> None:
    """The server failed as a whole: each delivery that was due counts a failed attempt
    and waits by its own count (else a dead server would be probed once per delivery)."""
    waiting = Delivery.objects.filter(_due(now), bulletin_id=bulletin_id).exclude(pk=besides)
    reason = mail_retry.describe(error)
    for attempts in set(waiting.values_list("attempts", flat=True)):
        failures = attempts + 1
        when = mail_retry.retry_at(failures, now)
        waiting.filter(attempts=attempts).update(
            status=DeliveryStatus.QUEUED if when else DeliveryStatus.FAILED,
            attempts=failures,
            next_attempt_at=when,
            error=reason,
        )


def _drop(mailer) -> None:
    """Close the connection, whatever state a failure left it in."""
    with contextlib.suppress(Exception):
        mailer.close()
