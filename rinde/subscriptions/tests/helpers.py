"""Shared steps of the subscription tests: post a form as a person would, follow the
confirmation link from the e-mail."""

import re
import time

from django.core import mail
from django.test import TestCase

from rinde.core.antispam import sign_start
from rinde.outreach import bulletins
from rinde.outreach.models import Bulletin


def form_data(email: str, **extra) -> dict:
    return {
        "email": email,
        "data_authorized": "on",
        "website": "",
        "started": sign_start(time.time() - 30),
        **extra,
    }


def subscribe(client, url: str, email: str):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, form_data(email))


def link_in(message, path_part: str) -> str:
    """The path of the first link in the message's text that contains `path_part`."""
    match = re.search(rf"https?://[^/\s]+(/\S*{path_part}\S*)", message.body)
    assert match, message.body
    return match.group(1)


def confirm(client, email: str) -> None:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    path = link_in(message, "/confirmar/")
    assert client.post(path).status_code == 200


def publish_bulletin(actor, slug: str = "audiencia") -> Bulletin:
    bulletin = Bulletin.objects.create(
        title=f"Boletín {slug}",
        slug=slug,
        lead="La audiencia pública es el viernes.",
        body="<p>T</p>",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        bulletins.publish(bulletin, actor=actor)
    return bulletin


def sent_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email]]
