"""The notification e-mail and its delivery rows, as core.delivery's loop sends them:
what the worker runs (subscriptions.tasks.send_notification). The same discipline as the
press bulletins (outreach.outbox): each delivery at most once."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from rinde.core import delivery
from rinde.entity import work
from rinde.entity.models import Entity
from rinde.subscriptions import links
from rinde.subscriptions.models import Delivery, DeliveryStatus

BATCH_SIZE = 200
UNCONFIRMED_REASON = "El trabajador se detuvo mientras entregaba el mensaje: puede haber llegado."


def unsubscribe_url(subscription) -> str:
    token = links.unsubscribe_token(subscription)
    return work.site_url() + reverse("subscriptions:unsubscribe", args=[token])


def message(row: Delivery) -> EmailMultiAlternatives:
    notification, subscription = row.notification, row.subscription
    unsubscribe = unsubscribe_url(subscription)
    context = {
        "entity": Entity.objects.current(),
        "notification": notification,
        "subscription": subscription,
        "link": work.site_url() + notification.path,
        "unsubscribe": unsubscribe,
    }
    text = render_to_string("subscriptions/emails/notification.txt", context)
    html = render_to_string("subscriptions/emails/notification.html", context)
    mail = EmailMultiAlternatives(
        # One line: a project name from a spreadsheet cell may hold a line break, which
        # Django refuses in a header (and which must never start a header of its own).
        " ".join(notification.title.split()),
        text,
        from_email=work.sender(),
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


def withdrawn(row: Delivery) -> str | None:
    """Unsubscribed since it was queued: cancelled, and not counted."""
    if row.subscription.is_active:
        return None
    Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.CANCELLED
    )
    return "skipped"


OUTBOX = delivery.Outbox(
    model=Delivery,
    send_field="notification",
    related=("subscription", "notification"),
    message=message,
    withdrawn=withdrawn,
    unconfirmed_reason=UNCONFIRMED_REASON,
)


def send_batch(notification_id: int, *, run_id: str = "", attempt: int = 1) -> dict[str, int]:
    """Up to BATCH_SIZE due deliveries (the task queues itself again for what is left)."""
    return delivery.send_batch(
        OUTBOX, notification_id, limit=BATCH_SIZE, run_id=run_id, attempt=attempt
    )
