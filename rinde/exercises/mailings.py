"""The exercise e-mails the worker sends (exercises.tasks), never inside a request:
registration confirmations, event reminders and the legal calendar's duty warnings."""

import logging
from datetime import date, timedelta
from typing import cast

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from rinde.accounts import memberships
from rinde.accounts.models import Role
from rinde.entity import work
from rinde.exercises import emails, legal_calendar
from rinde.exercises.models import Document, DutyWarning, Exercise, Registration


def send_confirmation(registration_pk: int) -> None:
    """The task send_registration_confirmation's work."""
    registration = Registration.objects.select_related("event").get(pk=registration_pk)
    emails.send_registration_confirmation(registration)


def send_reminders(today: date | None = None) -> int:
    """E-mail every registrant with an e-mail address whose event starts tomorrow (the
    entity's local date) and who has not been reminded; returns how many were sent."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    pending = (
        Registration.objects.filter(event__starts_at__date=tomorrow, reminded_at__isnull=True)
        # A registration has no entity key: the active entity's, through its exercises
        # (run once per entity by the task; unfiltered, the first run would remind every
        # entity's registrants in the first one's name).
        .filter(event__exercise__in=Exercise.objects.all())
        .exclude(email="")
        .select_related("event")
    )
    sent = 0
    for registration in pending:
        with transaction.atomic():
            locked = (
                Registration.objects.select_for_update()
                .filter(pk=registration.pk, reminded_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            emails.send_registration_reminder(registration)
            locked.reminded_at = timezone.now()
            locked.save(update_fields=["reminded_at"])
            sent += 1
    return sent


# Legal calendar warnings ---------------------------------------------------------------------


def send_duty_warnings(today: date | None = None) -> int:
    """E-mail planning (and administrators) about each duty of the legal calendar that is due
    soon or overdue, once per duty, due date and state (DutyWarning); returns how many
    e-mails were sent. Exercises that ended more than a year ago are left alone."""
    today = today or timezone.localdate()
    recipients = list(
        memberships.people_with(Role.PLANNING, Role.ADMIN)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        logging.getLogger(__name__).warning("duty warnings: no planning user with an e-mail")
        return 0
    exercises = list(
        Exercise.objects.filter(ends_on__gte=today - timedelta(days=365)).prefetch_related(
            "events", Prefetch("documents", queryset=Document.objects.published())
        )
    )
    facts = legal_calendar.facts_from_other_apps([e.pk for e in exercises])
    sent = 0
    for exercise in exercises:
        due = [
            duty
            for duty in legal_calendar.load_duties(
                exercise,
                events=list(exercise.events.all()),
                documents=list(exercise.documents.all()),
                today=today,
                facts=facts,
            )
            if duty.needs_attention
        ]
        with transaction.atomic():
            new = [
                duty
                for duty in due
                if DutyWarning.objects.get_or_create(
                    exercise=exercise,
                    duty=duty.key,
                    # A duty needing attention always has its due date.
                    due_on=cast("date", duty.due_on),
                    state=duty.state,
                    defaults={"recipients": len(recipients)},
                )[1]
            ]
            if new:
                link = work.site_url() + reverse("exercises:panel_exercise", args=[exercise.slug])
                emails.send_duty_warning(exercise, new, recipients, link)
                sent += 1
    return sent
