"""A change to the entity's non-working days, and what it does to the terms already running.

Terms are counted in the entity's business days (Ley 1755 de 2015 art. 14; Ley 4 de 1913
art. 62), so a day declared non-working after a request was received extends the term of
the open requests that include it, and a day given back shortens it: open requests always
follow the current calendar, and two requests received the same day stay due the same day
(docs/questions.md). The apps that keep terms (questions) listen to `calendar_changed`; the
entity does not import them."""

from dataclasses import dataclass
from datetime import date

from django.dispatch import Signal

from rinde.core.calendar import WorkCalendar
from rinde.entity.calendar import calendar_from_database
from rinde.entity.models import NonWorkingDay

# Sent with before, after (WorkCalendar), day (the date added or removed), note (why, for
# the audit trail and the asker), actor, request and apply (False: only say what would
# move). Each receiver returns a list of MovedDate.
calendar_changed = Signal()


@dataclass(frozen=True)
class MovedDate:
    label: str  # what moved, as staff know it (a question's tracking code)
    url: str  # its staff page
    before: date
    after: date


def _with_day(calendar: WorkCalendar, day: date, *, non_working: bool) -> WorkCalendar:
    days = set(calendar.non_working_days)
    if non_working:
        days.add(day)
    else:
        days.discard(day)
    return WorkCalendar(
        working_weekdays=calendar.working_weekdays, non_working_days=frozenset(days)
    )


def follow(
    day: date, *, non_working: bool, note: str, actor=None, request=None, apply: bool = False
) -> list[MovedDate]:
    """What declaring `day` non-working (or working again) moves; with apply=True, the
    listeners move it (call it inside the transaction that changes the day)."""
    before = calendar_from_database()
    if non_working:
        before = _with_day(before, day, non_working=False)
    else:
        before = _with_day(before, day, non_working=True)
    after = _with_day(before, day, non_working=non_working)
    moved: list[MovedDate] = []
    for _receiver, result in calendar_changed.send(
        sender=NonWorkingDay,
        before=before,
        after=after,
        day=day,
        note=note,
        actor=actor,
        request=request,
        apply=apply,
    ):
        moved.extend(result or [])
    return sorted(moved, key=lambda m: (m.before, m.label))
