"""The daily to-do e-mail: each staff member with pending work gets their list
(accounts.todo.collect, the same as the panel's first page), once a day; nobody with
nothing pending gets anything. Run by the worker (tasks.send_todo_digests)."""

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse

from rinde.accounts import emails, memberships, permissions, todo
from rinde.accounts.models import TodoDigest
from rinde.entity import work
from rinde.entity.models import entity_of_new_row

logger = logging.getLogger(__name__)


def send_daily(today: date) -> int:
    """Send each active staff member with an address and pending work their list for
    `today`; returns how many were sent. Idempotent: a TodoDigest row per person, entity
    and day."""
    link = work.site_url() + reverse("accounts:panel")
    # Once a day per person and entity (TodoDigest's constraint): the entity whose lists
    # these are, the one under way.
    entity_id = entity_of_new_row()
    if entity_id is None:
        return 0  # before the first-run set-up: no entity, no work to list
    sent_today = TodoDigest.objects.filter(day=today, entity_id=entity_id)
    already = set(sent_today.values_list("user_id", flat=True))
    # The entity's own staff (memberships), not every staff account of the installation.
    people = (
        memberships.people_with(*permissions.STAFF_ROLES)
        .exclude(email="")
        .exclude(pk__in=already)
        .order_by("pk")
    )
    sent = 0
    for user in people:
        items = todo.collect(user, today)
        if items:
            sent += _send_once(user, items, today, link, entity_id)
    logger.info("todo digests sent", extra={"sent": sent})
    return sent


def _send_once(
    user, items: list[todo.Pending], today: date, link: str, entity_id: int | None
) -> int:
    try:
        with transaction.atomic():
            TodoDigest.objects.create(entity_id=entity_id, user=user, day=today, items=len(items))
            emails.send_todo_digest(user, items, today, link)
    except IntegrityError:
        return 0  # another run sent it meanwhile
    return 1
