"""One function per e-mail; each renders a subject/text/HTML triplet."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from rinde.entity.models import Entity


def _send(template: str, to: list[str], context: dict) -> None:
    context = {"entity": Entity.objects.current(), **context}
    subject = render_to_string(f"questions/emails/{template}_subject.txt", context).strip()
    text = render_to_string(f"questions/emails/{template}.txt", context)
    html = render_to_string(f"questions/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


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
