"""The entity's own work calendar, read from the database once per call."""

from rinde.core.calendar import WorkCalendar
from rinde.entity.models import Entity, NonWorkingDay


def work_calendar() -> WorkCalendar:
    entity = Entity.objects.current()
    return WorkCalendar(
        working_weekdays=entity.working_weekday_set,
        non_working_days=frozenset(NonWorkingDay.objects.values_list("date", flat=True)),
    )
