"""Review of issue 16: a title with a line break (a project name imported from a spreadsheet
cell, a bulletin title) becomes a one-line subject: no header can be injected, and the
message goes instead of failing the whole batch (Django refuses a multi-line header)."""

import pytest
from django.test import TestCase

from rinde.outreach import bulletins
from rinde.outreach.models import Bulletin
from rinde.subscriptions.tests.helpers import confirm, sent_to, subscribe

pytestmark = pytest.mark.django_db

ANA = "ana@example.org"


def test_a_title_with_line_breaks_is_sent_as_a_one_line_subject(
    client, entity, communications_user
):
    subscribe(client, "/suscripciones/boletines/", ANA)
    confirm(client, ANA)
    bulletin = Bulletin.objects.create(
        title="Audiencia pública\r\nBcc: otro@example.org",
        slug="audiencia",
        lead="La audiencia pública es el viernes.",
        body="<p>T</p>",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        bulletins.publish(bulletin, actor=communications_user)

    [_confirmation, news] = sent_to(ANA)
    assert news.subject == "Audiencia pública Bcc: otro@example.org"
    message = news.message()
    assert message["Bcc"] is None and "\n" not in message["Subject"]
