"""One function per e-mail; each renders a subject/text/HTML triplet."""

from django.conf import settings
from django.urls import reverse

from rinde.entity.emails import send_templated


def tracking_link(comment) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "fieldwork:received", args=[comment.tracking_code]
    )


def send_answer_notice(comment) -> None:
    send_templated(
        "fieldwork/emails/answered",
        [comment.author_email],
        {"comment": comment, "project": comment.project, "link": tracking_link(comment)},
    )
