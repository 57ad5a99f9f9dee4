from django.conf import settings
from django.urls import reverse

from rinde.core.emails import send_templated
from rinde.subscriptions import services
from rinde.subscriptions.models import Subscription


def send_confirmation(subscription: Subscription) -> None:
    base = settings.SITE_URL.rstrip("/")
    token = services.confirm_token(subscription)
    send_templated(
        "subscriptions/emails/confirm",
        [subscription.email],
        {
            "subscription": subscription,
            "what": describe(subscription),
            "link": base + reverse("subscriptions:confirm", args=[token]),
            "days": services.CONFIRM_DAYS,
        },
    )


def describe(subscription: Subscription) -> str:
    """What the subscription follows, in words (e-mails and the confirmation pages)."""
    from django.utils.translation import gettext as _

    if subscription.project_id:
        return _("el proyecto %(project)s") % {"project": subscription.project}
    if subscription.question_id:
        return _("la pregunta %(code)s") % {"code": subscription.question.tracking_code}
    return _("los boletines de prensa")
