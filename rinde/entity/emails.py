"""Sending an e-mail from its subject/text/HTML template triplet, for every app's emails.py
(one function per e-mail there; this is the part they share). It lives with the entity, not
in core, because every e-mail carries the entity (name, contact, logo) and core imports no
app above it."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from rinde.entity import work
from rinde.entity.models import Entity


def send_templated(template: str, to: list[str], context: dict) -> None:
    """`template` without its ending: `questions/emails/received` renders
    `…_subject.txt`, `….txt` and `….html`, with the entity in the context."""
    context = {"entity": Entity.objects.current(), **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, from_email=work.sender(), to=to)
    message.attach_alternative(html, "text/html")
    message.send()
