"""One function per e-mail; each renders a subject/text/HTML triplet."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from rinde.entity.models import Entity


def _send(template: str, to: list[str], context: dict) -> None:
    context = {"entity": Entity.objects.current(), **context}
    subject = render_to_string(f"consultations/emails/{template}_subject.txt", context).strip()
    text = render_to_string(f"consultations/emails/{template}.txt", context)
    html = render_to_string(f"consultations/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()


def send_answer_confirmation(response, link: str) -> None:
    _send("confirm_answer", [response.email], {"survey": response.survey, "link": link})
