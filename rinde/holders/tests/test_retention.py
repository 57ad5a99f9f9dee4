"""The retention rules, with the clock moved (time-machine) and the cache in memory."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from rinde.consultations.models import Comment
from rinde.core.models import AuditEntry
from rinde.core.public_cache import site_version
from rinde.exercises.models import Registration
from rinde.holders import access, retention, services
from rinde.holders.models import AccessLink, HolderRequest, RequestKind
from rinde.holders.sources import REMOVED
from rinde.holders.tests.factories import EMAIL, make_footprint
from rinde.questions.models import Question, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The process keeps one local-memory cache: the rate limits an earlier test counted
    # there must not refuse this one's requests (conftest clears the configured cache,
    # Redis when the suite runs with it, not this one).
    cache.clear()


def run() -> dict[str, int]:
    out = StringIO()
    call_command("apply_retention", stdout=out)
    return dict(
        (key, int(count))
        for key, count in (line.split(": ") for line in out.getvalue().split("\n") if line)
    )


def test_an_askers_contacts_go_a_year_after_the_answer_and_the_question_stays(entity, time_machine):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    make_footprint()
    Question.objects.update(status=Status.ANSWERED, answered_on=timezone.localdate())
    open_question = Question.objects.get()
    open_question.pk = None
    open_question.tracking_code = "RC2024-OPEN01"
    open_question.status = Status.ASSIGNED
    open_question.answered_on = None
    open_question.save()

    time_machine.move_to("2025-01-09 09:00 -05:00")  # a day short of twelve months
    assert run()["question_contacts"] == 0
    assert Question.objects.filter(asker_email=EMAIL).count() == 2

    time_machine.move_to("2025-01-11 09:00 -05:00")
    version = site_version()
    assert run()["question_contacts"] == 1
    assert site_version() > version  # a published name leaves the cached pages
    answered = Question.objects.get(status=Status.ANSWERED)
    assert (answered.asker_name, answered.asker_email, answered.asker_phone) == ("", "", "")
    assert answered.text.startswith("¿Cuándo arreglan la vía 0?")
    # An open question keeps the contacts it needs to be answered.
    assert Question.objects.get(status=Status.ASSIGNED).asker_email == EMAIL
    entries = AuditEntry.objects.filter(action="holders.retention").order_by("pk")
    assert entries.last().changes["question_contacts"] == 1
    assert entries.last().actor is None
    # Idempotent: a second run changes nothing and writes no entry.
    before = entries.count()
    assert all(count == 0 for count in run().values())
    assert entries.count() == before


def test_registrations_lose_their_contacts_six_months_after_the_event(entity, time_machine):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    make_footprint()  # the event ended two days ago
    time_machine.shift(timedelta(days=170))
    assert run()["registration_contacts"] == 0
    time_machine.shift(timedelta(days=15))
    assert run()["registration_contacts"] == 1
    registration = Registration.objects.get()
    assert (registration.name, registration.email, registration.phone) == (REMOVED, "", "")
    assert registration.data_consent_version  # the proof of the authorization stays


def test_forum_emails_go_six_months_after_the_forum_closes(entity, time_machine):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    make_footprint()  # the forum closes in three days
    time_machine.shift(timedelta(days=180))
    assert run()["comment_emails"] == 0
    time_machine.shift(timedelta(days=10))
    assert run()["comment_emails"] == 1
    comment = Comment.objects.get()
    assert comment.author_email == "" and comment.author_name == "Ana"


def test_the_period_is_a_setting(entity, time_machine, settings):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    make_footprint()
    settings.HOLDERS_RETENTION_MONTHS = {"registration_contacts": 1}
    time_machine.shift(timedelta(days=35))
    assert run()["registration_contacts"] == 1


def test_expired_links_are_deleted(entity, time_machine):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    access.create_link(EMAIL)
    time_machine.shift(access.MAX_AGE)
    assert run()["access_links"] == 0
    time_machine.shift(access.RESEND_AFTER + timedelta(minutes=1))
    assert run()["access_links"] == 1
    assert AccessLink.objects.count() == 0


def test_answered_requests_keep_their_proof_without_the_address(entity, time_machine):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    holder_request = services.file_request(email=EMAIL, kind=RequestKind.CONSULTATION)
    still_open = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    services.answer_request(holder_request, actor=None, answer="Así los usamos.", apply=False)
    time_machine.shift(timedelta(days=365 * 2 + 2))
    assert run()["holder_requests"] == 1
    holder_request.refresh_from_db()
    assert holder_request.email == "" and holder_request.answer == "Así los usamos."
    assert HolderRequest.objects.get(pk=still_open.pk).email == EMAIL


def test_every_rule_is_in_the_documented_table():
    from pathlib import Path

    table = (Path(__file__).resolve().parents[3] / "docs" / "personal-data.md").read_text()
    for rule in retention.RULES:
        assert f"`{rule.key}`" in table
