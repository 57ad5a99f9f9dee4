"""Press bulletins: publish, and send to the media directory in the background.

At most once per contact, and nothing left waiting for a button: a Delivery row per
(bulletin, contact) is unique, so sending a bulletin twice adds nobody twice, and the
worker sends the rows through core.delivery's exactly-once loop (its docstring says why
each step is where it is), with the bulletin's message from outreach.outbox.
"""

from django.db import transaction
from django.utils import timezone

from rinde.core import audit, delivery
from rinde.core.public_cache import refresh_public_pages
from rinde.outreach import outbox, tasks
from rinde.outreach.media_lists import recipients
from rinde.outreach.models import Bulletin, Delivery, DeliveryStatus, MediaContact
from rinde.subscriptions import notifications


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
        refresh_public_pages()
        notifications.bulletin_published(bulletin)  # e-mail subscribers, after the commit
    return bulletin


def opt_out(contact: MediaContact) -> MediaContact:
    """A newsroom's click on the unsubscribe link: no bulletin is sent to it again (the
    deliveries still queued fail when their turn comes: outbox.withdrawn)."""
    if contact.opted_out_at is None:
        contact.opted_out_at = timezone.now()
        contact.save(update_fields=["opted_out_at"])
    return contact


def queue_sending(bulletin: Bulletin, *, lists, actor, request=None) -> int:
    """Queue the bulletin for every contact on the chosen media lists who has not opted
    out; returns how many were added. A contact on two lists, or already queued by an
    earlier send, is not added again (the unique Delivery pair)."""
    lists = list(lists)
    if not lists:
        raise ValueError("a bulletin is sent to at least one media list")
    with transaction.atomic():
        contacts = recipients(lists).exclude(deliveries__bulletin=bulletin)
        # The bulletin's entity on every row, given once rather than the key's default
        # per row (entity_of_new_row reads the cache: one read per contact).
        added = Delivery.objects.bulk_create(
            [
                Delivery(entity_id=bulletin.entity_id, bulletin=bulletin, contact=c)
                for c in contacts.only("pk")
            ],
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


def queue_follow_up(bulletin_id: int) -> None:
    delivery.queue_follow_up(outbox.OUTBOX, bulletin_id, tasks.send_bulletin)


def requeue_stranded() -> int:
    """Queue sending again for each bulletin with deliveries waiting but no task of its own
    (core.delivery.requeue_stranded). Run by `housekeeping`; returns the bulletins."""
    return delivery.requeue_stranded(outbox.OUTBOX, tasks.send_bulletin)
