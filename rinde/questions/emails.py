"""One function per e-mail; each renders a subject/text/HTML triplet."""

from django.urls import reverse

from rinde.entity import work
from rinde.entity.emails import send_templated


def tracking_link(question) -> str:
    """The absolute address of the question's public page, for the e-mails."""
    return work.site_url() + reverse("questions:detail", args=[question.tracking_code])


def _send(template: str, to: list[str], context: dict) -> None:
    send_templated(f"questions/emails/{template}", to, context)


def send_received(question, link: str) -> None:
    if question.asker_email:
        _send("received", [question.asker_email], {"question": question, "link": link})


def send_answered(question, answer, link: str) -> None:
    if question.asker_email:
        _send(
            "answered",
            [question.asker_email],
            {"question": question, "answer": answer, "link": link},
        )


def send_merged(question, into, link: str) -> None:
    if question.asker_email:
        _send("merged", [question.asker_email], {"question": question, "into": into, "link": link})


def send_extended(question, link: str) -> None:
    if question.asker_email:
        _send("extended", [question.asker_email], {"question": question, "link": link})


def send_forwarded(question, link: str) -> None:
    if question.asker_email:
        _send("forwarded", [question.asker_email], {"question": question, "link": link})


def send_digest(
    department, recipients: list[str], board: dict, link: str, *, without_officer: bool = False
) -> None:
    _send(
        "digest",
        recipients,
        {
            "department": department,
            "board": board,
            "link": link,
            "without_officer": without_officer,
        },
    )


def send_due_date_changed(question, *, before, after, ground: str, link: str) -> None:
    """The due date the asker was told moved (reclassification, a calendar change): the
    new date and its legal ground."""
    if question.asker_email:
        _send(
            "due_date_changed",
            [question.asker_email],
            {
                "question": question,
                "before": before,
                "after": after,
                "ground": ground,
                "link": link,
            },
        )


def send_queued(email) -> None:
    """The e-mail a staff action queued (models.QuestionEmail), rendered now: the worker
    sends what the question says when it runs."""
    question = email.question
    if email.kind == "merged":
        send_merged(question, question.merged_into, tracking_link(question.merged_into))
    elif email.kind == "answered":
        send_answered(question, email.answer, tracking_link(email.answer.question))
    elif email.kind == "forwarded":
        send_forwarded(question, tracking_link(question))
    elif email.kind == "extended":
        send_extended(question, tracking_link(question))
    else:
        raise ValueError(f"unknown question e-mail {email.kind!r}")
