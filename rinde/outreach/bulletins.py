"""Press bulletins: publish, and send to the media directory in the background.

Exactly once: a Delivery row per (bulletin, contact) is unique, so sending a bulletin twice
adds nobody twice. A worker claims one queued row at a time (marked "sending" in its own
transaction), sends, and marks it sent. If a worker dies between the SMTP call and that
mark, the row stays "sending": it is reported, never resent automatically, so nobody gets
the bulletin twice (the remaining risk is one contact not getting it, which staff see and
can retry). Failures keep the SMTP error and can be retried.
"""

import contextlib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rinde.core import audit
from rinde.core.public_cache import bump_site_version
from rinde.outreach.models import Bulletin, Delivery, DeliveryStatus, MediaContact

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
            actor=actor, action="outreach.bulletin.publish", target=bulletin, request=request
        )
        transaction.on_commit(bump_site_version)
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
    from rinde.outreach import tasks

    with transaction.atomic():
        count = Delivery.objects.filter(bulletin=bulletin, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.QUEUED, error=""
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


def _claim(bulletin_id: int) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("contact", "bulletin")
            .filter(bulletin_id=bulletin_id, status=DeliveryStatus.QUEUED)
            .order_by("pk")
            .first()
        )
        if delivery is None:
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.claimed_at = timezone.now()
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "attempts"])
    return delivery


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


def send_batch(bulletin_id: int) -> dict[str, int]:
    """Send up to BATCH_SIZE queued deliveries, then queue the next batch if any are left:
    the worker is free for other tasks between batches, and a restarted worker loses at most
    the one delivery it had claimed."""
    from rinde.outreach import tasks

    result = send_queued(bulletin_id, limit=BATCH_SIZE)
    if Delivery.objects.filter(bulletin_id=bulletin_id, status=DeliveryStatus.QUEUED).exists():
        tasks.send_bulletin.enqueue(bulletin_id)
    return result


def send_queued(bulletin_id: int, *, limit: int | None = None) -> dict[str, int]:
    """Send the queued deliveries of a bulletin, one claimed row at a time, over one SMTP
    connection for the whole run (a connection per message costs a TCP and SMTP handshake
    each); after a failure the connection is dropped and the next send opens a new one."""
    result = {"sent": 0, "failed": 0}
    mailer = mailers.default
    try:
        while limit is None or result["sent"] + result["failed"] < limit:
            delivery = _claim(bulletin_id)
            if delivery is None:
                break
            if delivery.contact.opted_out_at is not None:
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=DeliveryStatus.FAILED, error="El medio se dio de baja."
                )
                result["failed"] += 1
                continue
            try:
                mailer.open()  # does nothing while the connection is open
                mailer.send_messages([_message(delivery)])
            except Exception as error:  # noqa: BLE001 - any SMTP or network failure is recorded
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=DeliveryStatus.FAILED, error=f"{type(error).__name__}: {error}"[:300]
                )
                result["failed"] += 1
                _drop(mailer)
                continue
            Delivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now()
            )
            result["sent"] += 1
    finally:
        _drop(mailer)
    return result


def _drop(mailer) -> None:
    """Close the connection, whatever state a failure left it in."""
    with contextlib.suppress(Exception):
        mailer.close()
