"""One function per e-mail; each renders a subject/text/HTML triplet."""

from django.urls import reverse

from rinde.entity import work
from rinde.entity.emails import send_templated


def tracking_link(comment) -> str:
    return work.site_url() + reverse("fieldwork:received", args=[comment.tracking_code])


def send_answer_notice(comment) -> None:
    send_templated(
        "fieldwork/emails/answered",
        [comment.author_email],
        {"comment": comment, "project": comment.project, "link": tracking_link(comment)},
    )
