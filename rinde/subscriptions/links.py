"""The signed links of the subscription e-mails: confirming (it carries its time and
expires with the pending row, CONFIRM_DAYS) and unsubscribing (it does not expire, so the
link in an old message still works)."""

from django.core import signing

from rinde.subscriptions.models import Subscription

CONFIRM_DAYS = 7
CONFIRM_SALT = "rinde.subscriptions.confirm"
UNSUBSCRIBE_SALT = "rinde.subscriptions.unsubscribe"


def confirm_token(subscription: Subscription) -> str:
    # The request time is signed with it: a link from an earlier request stops working
    # once a new one is asked for.
    return signing.dumps(
        [subscription.pk, subscription.requested_at.timestamp()], salt=CONFIRM_SALT
    )


def pending_from_token(token: str) -> Subscription | None:
    """The subscription a confirmation link names, while the link is valid."""
    try:
        pk, requested = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 86400)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None or subscription.requested_at.timestamp() != requested:
        return None
    return subscription


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_from_unsubscribe_token(token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=pk).first() if isinstance(pk, int) else None
