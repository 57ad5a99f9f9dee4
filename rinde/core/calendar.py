"""Colombian business days: a pure module (no database, no HTTP).

Ley 4 de 1913, art. 62: terms counted in days skip holidays and non-working days.
National holidays come from the `holidays` package, which applies Ley 51 de 1983 (Ley
Emiliani: moved to the next Monday), the Easter-based holidays and Ley 2578 de 2026
(9 July, Virgen de Chiquinquirá, from 2026). The entity adds its own working week and the
non-working days it decrees (e.g. 24 and 31 December); `entity.calendar` builds that.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

MONDAY_TO_FRIDAY = frozenset({0, 1, 2, 3, 4})


@lru_cache(maxsize=64)
def national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Colombia(years=year, language="es"))


def holiday_name(day: date) -> str | None:
    return holidays.Colombia(years=day.year, language="es").get(day)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days an entity works. Weekdays are numbered as date.weekday(): Monday is 0."""

    working_weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    non_working_days: frozenset[date] = field(default_factory=frozenset)

    def is_business_day(self, day: date) -> bool:
        return (
            day.weekday() in self.working_weekdays
            and day not in national_holidays(day.year)
            and day not in self.non_working_days
        )

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after `day`."""
        return self.add_business_days(day, 1)

    def on_or_after(self, day: date) -> date:
        """`day` itself when it is a business day, else the next one."""
        return day if self.is_business_day(day) else self.next_business_day(day)

    def add_business_days(self, start: date, days: int) -> date:
        """The date that is `days` business days after `start`, counting from the next day.

        Ley 1755 de 2015, art. 14: received Friday 15 Dec 2023, 15 business days end on
        Wednesday 10 Jan 2024 (holidays 25 Dec, 1 and 8 Jan skipped).
        """
        if days < 0:
            raise ValueError("days must be zero or more")
        if not self.working_weekdays:
            raise ValueError("a calendar needs at least one working weekday")
        return _add_business_days(self, start, days)

    def business_days_between(self, start: date, end: date) -> int:
        """Business days after `start` up to and including `end` (negative if end < start).

        So add_business_days(d, n) == e implies business_days_between(d, e) == n.
        """
        if end < start:
            return -self.business_days_between(end, start)
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_business_day(current):
                count += 1
        return count


DEFAULT_CALENDAR = WorkCalendar()


# Every question received on one day gets the same due date: counting it again, day by day,
# was a twentieth of a citizen's post (bench/questions.py). A calendar is a frozen value, so
# equal calendars share their answers and a changed one is a new key.
@lru_cache(maxsize=4096)
def _add_business_days(calendar: WorkCalendar, start: date, days: int) -> date:
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if calendar.is_business_day(current):
            remaining -= 1
    return current
