"""The entity's own work calendar, cached until the entity or its non-working days change.

Each entity has its own working weekdays and non-working days (a municipal holiday), so the
cached calendar is per entity: its key carries the entity's id (docs/tenancy.md, step 6)."""

from django.core.cache import cache

from rinde.core.calendar import WorkCalendar
from rinde.entity.models import Entity, NonWorkingDay

CALENDAR_CACHE_KEY = "entity:work_calendar"


def calendar_key(entity_id: int | None) -> str:
    """The cache key of one entity's calendar (None: before the first-run set-up)."""
    return f"{CALENDAR_CACHE_KEY}:{entity_id}"


def calendar_from_database() -> WorkCalendar:
    """The calendar as the database holds it now (inside a transaction, with its changes)."""
    entity = Entity.objects.current()
    return WorkCalendar(
        working_weekdays=entity.working_weekday_set,
        non_working_days=frozenset(NonWorkingDay.objects.values_list("date", flat=True)),
    )


def work_calendar() -> WorkCalendar:
    """The active entity's calendar (with none active, the installation's entity)."""
    key = calendar_key(Entity.objects.current().pk)
    # Only this function writes the key, so it holds a WorkCalendar or nothing.
    calendar: WorkCalendar | None = cache.get(key)
    if calendar is None:
        calendar = calendar_from_database()
        cache.set(key, calendar, 3600)
    return calendar
