"""Subscribing (double opt-in), confirming, unsubscribing, and the holder's-rights helpers.

Nothing is sent to an address before its owner confirms it: the only e-mail an unconfirmed
address gets is the confirmation itself, and a pending subscription expires (and is purged)
CONFIRM_DAYS after it was asked for. Links are signed: the confirmation link carries its
time and expires with the pending row; the unsubscribe link does not expire, so the one in
an old message still works."""

from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from rinde.core.antispam import spend_form_token
from rinde.core.privacy import SUBSCRIPTION_AUTHORIZATION_VERSION
from rinde.entity.models import Entity
from rinde.subscriptions import tasks
from rinde.subscriptions.links import CONFIRM_DAYS
from rinde.subscriptions.models import Delivery, DeliveryStatus, Subscription, Topic

# A second request for the same address and target within this time sends no second
# confirmation: the form cannot be used to flood someone's inbox.
RESEND_AFTER = timedelta(minutes=10)


def target_for(topic: str, *, project=None, question=None) -> str:
    if topic == Topic.PROJECT:
        return f"project:{project.pk}"
    if topic == Topic.QUESTION:
        return f"question:{question.pk}"
    return "bulletins"


def subscribe(*, email: str, topic: str, form_token: str, project=None, question=None):
    """Record (or renew) a pending subscription and queue its confirmation e-mail. The same
    answer whatever the address's state, so the form tells nobody who follows what."""
    email = email.strip().lower()
    target = target_for(topic, project=project, question=question)
    now = timezone.now()
    with transaction.atomic():
        spend_form_token(form_token)
        # "bulletins" is every entity's target: the address follows it at this entity.
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            entity_id=Entity.objects.current().pk,
            email=email,
            target=target,
            defaults={
                "topic": topic,
                "project": project,
                "question": question,
                "authorization_version": SUBSCRIPTION_AUTHORIZATION_VERSION,
                "authorized_at": now,
                "requested_at": now,
            },
        )
        if not created:
            if subscription.is_active:
                return subscription
            if subscription.unsubscribed_at is None and now - subscription.requested_at < (
                RESEND_AFTER
            ):
                return subscription
            subscription.confirmed_at = None
            subscription.unsubscribed_at = None
            subscription.requested_at = now
            subscription.authorization_version = SUBSCRIPTION_AUTHORIZATION_VERSION
            subscription.authorized_at = now
            subscription.save()
        pk = subscription.pk
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(pk), robust=True)
    return subscription


def confirm(subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription


def unsubscribe(subscription: Subscription) -> Subscription:
    """Stop at once: the deliveries still waiting for this address are cancelled."""
    with transaction.atomic():
        if subscription.unsubscribed_at is None:
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["unsubscribed_at"])
        Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.CANCELLED
        )
    return subscription


def purge_unconfirmed(now=None) -> int:
    """Delete the pending subscriptions whose confirmation link has expired (housekeeping):
    an address nobody confirmed is not kept."""
    cutoff = (now or timezone.now()) - timedelta(days=CONFIRM_DAYS)
    deleted, _by_model = Subscription.objects.filter(
        confirmed_at__isnull=True, requested_at__lt=cutoff
    ).delete()
    return deleted


# The holder's rights (Ley 1581 de 2012): the "my personal data" page calls these.


def subscriptions_for(email: str) -> QuerySet:
    """Every subscription of an address, pending, active or ended."""
    return Subscription.objects.filter(email__iexact=email.strip()).order_by("created_at", "pk")


def anonymize_subscriptions(email: str) -> int:
    """Delete every subscription of an address, and with it their deliveries: nothing
    else refers to them, and a subscription has no record the law requires to keep."""
    deleted, _by_model = subscriptions_for(email).delete()
    return deleted
