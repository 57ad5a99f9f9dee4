"""The bulletin e-mail and its delivery rows, as core.delivery's loop sends them: what the
worker runs (outreach.tasks.send_bulletin). Queuing a send is outreach.bulletins."""

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from rinde.core import delivery
from rinde.entity import work
from rinde.outreach.models import Delivery, DeliveryStatus, MediaContact

UNSUBSCRIBE_SALT = "rinde.outreach.unsubscribe"
BATCH_SIZE = 200
UNCONFIRMED_REASON = (
    "El trabajador se detuvo mientras entregaba este mensaje al servidor de correo: puede "
    "haber llegado. No se reenvía solo, para no duplicarlo."
)


def unsubscribe_token(contact: MediaContact) -> str:
    return signing.dumps(contact.pk, salt=UNSUBSCRIBE_SALT)


def contact_from_token(token: str) -> MediaContact | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return MediaContact.objects.filter(pk=pk).first()


def message(row: Delivery) -> EmailMultiAlternatives:
    bulletin, contact = row.bulletin, row.contact
    base = work.site_url()
    context = {
        "bulletin": bulletin,
        "link": base + reverse("outreach:bulletin", args=[bulletin.slug]),
        "unsubscribe": base + reverse("outreach:unsubscribe", args=[unsubscribe_token(contact)]),
    }
    text = render_to_string("outreach/emails/bulletin.txt", context)
    html = render_to_string("outreach/emails/bulletin.html", context)
    mail = EmailMultiAlternatives(
        bulletin.title,
        text,
        from_email=work.sender(),
        to=[contact.email],
        headers={"List-Unsubscribe": f"<{context['unsubscribe']}>"},
    )
    mail.attach_alternative(html, "text/html")
    return mail


def withdrawn(row: Delivery) -> str | None:
    """A contact who opted out after the send was queued: failed, with the reason."""
    if row.contact.opted_out_at is None:
        return None
    Delivery.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.FAILED, error="El medio se dio de baja."
    )
    return "failed"


OUTBOX = delivery.Outbox(
    model=Delivery,
    send_field="bulletin",
    related=("contact", "bulletin"),
    message=message,
    withdrawn=withdrawn,
    unconfirmed_reason=UNCONFIRMED_REASON,
    claimed_at_field="claimed_at",
)


def send_batch(bulletin_id: int, *, run_id: str = "", attempt: int = 1) -> dict[str, int]:
    """The task's work: up to BATCH_SIZE due deliveries (the task queues itself again for
    what is left, so the worker is free for other tasks between batches)."""
    return delivery.send_batch(
        OUTBOX, bulletin_id, limit=BATCH_SIZE, run_id=run_id, attempt=attempt
    )


def send_queued(bulletin_id: int, *, limit: int | None = None, run_id: str = "") -> dict:
    return delivery.send_queued(OUTBOX, bulletin_id, limit=limit, run_id=run_id)
