from django.urls import reverse
from django.utils.translation import gettext as _

from rinde.entity import work
from rinde.entity.emails import send_templated
from rinde.subscriptions import links
from rinde.subscriptions.models import Subscription


def send_confirmation(subscription: Subscription) -> None:
    base = work.site_url()
    token = links.confirm_token(subscription)
    send_templated(
        "subscriptions/emails/confirm",
        [subscription.email],
        {
            "subscription": subscription,
            "what": describe(subscription),
            "link": base + reverse("subscriptions:confirm", args=[token]),
            "days": links.CONFIRM_DAYS,
        },
    )


def describe(subscription: Subscription) -> str:
    """What the subscription follows, in words (e-mails and the confirmation pages)."""
    if subscription.project_id:
        return _("el proyecto %(project)s") % {"project": subscription.project}
    if subscription.question_id:
        return _("la pregunta %(code)s") % {"code": subscription.question.tracking_code}
    return _("los boletines de prensa")
