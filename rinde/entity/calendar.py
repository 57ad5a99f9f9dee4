"""The entity's own work calendar, cached until the entity or its non-working days change."""

from django.core.cache import cache

from rinde.core.calendar import WorkCalendar
from rinde.entity.models import Entity, NonWorkingDay

CALENDAR_CACHE_KEY = "entity:work_calendar"


def calendar_from_database() -> WorkCalendar:
    """The calendar as the database holds it now (inside a transaction, with its changes)."""
    entity = Entity.objects.current()
    return WorkCalendar(
        working_weekdays=entity.working_weekday_set,
        non_working_days=frozenset(NonWorkingDay.objects.values_list("date", flat=True)),
    )


def work_calendar() -> WorkCalendar:
    # Only this function writes the key, so it holds a WorkCalendar or nothing.
    calendar: WorkCalendar | None = cache.get(CALENDAR_CACHE_KEY)
    if calendar is None:
        calendar = calendar_from_database()
        cache.set(CALENDAR_CACHE_KEY, calendar, 3600)
    return calendar
