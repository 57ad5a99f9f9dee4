"""The retention rules: personal data the entity no longer needs for the purpose it was
collected for is removed (Ley 1581 de 2012, art. 4 "principio de temporalidad" and art. 11;
Decreto 1377 de 2013, art. 11: kept only as long as reasonable and necessary).

Each rule clears the personal fields of rows older than its term and leaves the rest (the
question's text, the attendance count, the comment) so records and statistics stay. The
periods are defaults an entity may change with the HOLDERS_RETENTION_MONTHS setting (a dict
by rule key); docs/personal-data.md is the table, with the reason for each. Run daily by
`manage.py apply_retention` (deploy/systemd/rinde-retention.timer); every run that changes
anything leaves one audit entry with the count per rule."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rinde.consultations.models import Comment
from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.exercises.models import Exercise, Registration
from rinde.holders import access
from rinde.holders.models import AccessLink, HolderRequest, RequestStatus
from rinde.holders.sources import REMOVED
from rinde.questions.models import OPEN_STATUSES, Question

DEFAULT_MONTHS = {
    "question_contacts": 12,
    "registration_contacts": 6,
    "comment_emails": 6,
    "holder_requests": 24,
}


def months(key: str) -> int:
    overrides = getattr(settings, "HOLDERS_RETENTION_MONTHS", {}) or {}
    return int(overrides.get(key, DEFAULT_MONTHS[key]))


@dataclass(frozen=True)
class Rule:
    key: str
    description: str
    apply: Callable[[datetime], int]  # takes now, returns the rows changed


def _question_contacts(now: datetime) -> int:
    # The asker's name, e-mail and phone served to answer them; once the question is
    # closed and the term passed, the petition record (its text and answer) remains.
    cutoff = (timezone.localtime(now) - relativedelta(months=months("question_contacts"))).date()
    closed_long_ago = Q(answered_on__lt=cutoff) | Q(
        answered_on__isnull=True, received_on__lt=cutoff
    )
    has_contacts = ~Q(asker_email="") | ~Q(asker_phone="") | ~Q(asker_name="")
    return (
        Question.objects.exclude(status__in=OPEN_STATUSES)
        .filter(closed_long_ago, has_contacts)
        .update(asker_name="", asker_email="", asker_phone="", publish_name=False)
    )


def _registration_contacts(now: datetime) -> int:
    # Needed to organize the event and remind the person; after it, only the counts.
    cutoff = now - relativedelta(months=months("registration_contacts"))
    return (
        Registration.objects.filter(event__ends_at__lt=cutoff)
        # No entity key of its own: the active entity's, through its exercises (the run
        # is once per entity, each counted and audited apart).
        .filter(event__exercise__in=Exercise.objects.all())
        .exclude(name=REMOVED, email="", phone="")
        .update(name=REMOVED, email="", phone="")
    )


def _comment_emails(now: datetime) -> int:
    # Kept only to tell the author about moderation, which ends with the forum.
    cutoff = now - relativedelta(months=months("comment_emails"))
    return (
        Comment.objects.filter(forum__closes_at__lt=cutoff)
        .exclude(author_email="")
        .update(author_email="")
    )


def _access_links(now: datetime) -> int:
    deleted, _by_model = AccessLink.objects.filter(
        created_at__lt=now - access.MAX_AGE - access.RESEND_AFTER
    ).delete()
    return deleted


def _holder_requests(now: datetime) -> int:
    # The request and its answer are the proof that the holder's right was honoured; after
    # the period the proof stays without the address.
    cutoff = now - relativedelta(months=months("holder_requests"))
    return (
        HolderRequest.objects.filter(status=RequestStatus.ANSWERED, answered_at__lt=cutoff)
        .exclude(email="", new_email="", new_phone="")
        .update(email="", new_email="", new_phone="", user=None)
    )


RULES: list[Rule] = [
    Rule("question_contacts", "Question askers' name, e-mail and phone", _question_contacts),
    Rule(
        "registration_contacts", "Event registrants' name, e-mail and phone", _registration_contacts
    ),
    Rule("comment_emails", "Forum authors' e-mail", _comment_emails),
    Rule("access_links", "Expired links to see one's data", _access_links),
    Rule("holder_requests", "Address of answered holder requests", _holder_requests),
]


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Run every rule in one transaction; one audit entry when anything changed."""
    now = now or timezone.now()
    with transaction.atomic():
        counts = {rule.key: rule.apply(now) for rule in RULES}
        if any(counts.values()):
            audit.record(actor=None, action="holders.retention", changes=counts)
        if counts["question_contacts"]:
            # An asker's name published with their leave is gone from the public pages.
            refresh_public_pages()
    return counts
