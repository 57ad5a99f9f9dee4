"""Legal deadlines for citizens' questions: a pure module (no database, no HTTP).

Every citizen question is treated as a petition under Ley 1755 de 2015 (legal.md):
- receipt: a filing on a non-business day, or after the entity's office-hours cut-off,
  counts as received on the next business day (Consejo de Estado, exp. 27219, 31 Oct 2024);
- the term runs from the day after receipt, or from the day after the hearing for
  questions raised there, for the kind's business days (art. 14: 15 / 10 / 30);
- forwarding to the competent authority within 5 business days (art. 21);
- an extension only before the due date, with reasons, to a date no later than twice the
  original term (art. 14, parágrafo).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from rinde.core import formatting
from rinde.core.calendar import WorkCalendar


@dataclass(frozen=True)
class Term:
    days: int
    source: str


@dataclass(frozen=True)
class Deadline:
    received_on: date  # the legal receipt date
    starts_after: date  # the term counts from the next business day after this date
    due_on: date
    term: Term


def legal_receipt_date(
    received_at: datetime, calendar: WorkCalendar, cutoff: time | None = None
) -> date:
    """`received_at` must already be in the entity's time zone."""
    day = received_at.date()
    if cutoff is not None and received_at.time() >= cutoff:
        return calendar.next_business_day(day)
    return calendar.on_or_after(day)


def compute_deadline(
    received_at: datetime,
    term: Term,
    calendar: WorkCalendar,
    *,
    cutoff: time | None = None,
    hearing_on: date | None = None,
) -> Deadline:
    received_on = legal_receipt_date(received_at, calendar, cutoff)
    # A question raised at the hearing is answered after it: the term runs from the day
    # after the hearing even if the question arrived during it or just before.
    starts_after = max(received_on, hearing_on) if hearing_on else received_on
    return Deadline(
        received_on=received_on,
        starts_after=starts_after,
        due_on=calendar.add_business_days(starts_after, term.days),
        term=term,
    )


def latest_extension(starts_after: date, term: Term, calendar: WorkCalendar) -> date:
    """Art. 14 parágrafo: the new date is no later than twice the original term."""
    return calendar.add_business_days(starts_after, 2 * term.days)


class ExtensionError(ValueError):
    pass


def check_extension(
    *,
    today: date,
    due_on: date,
    new_due_on: date,
    starts_after: date,
    term: Term,
    calendar: WorkCalendar,
    already_extended: bool,
) -> None:
    """Raise ExtensionError (with a Spanish message) unless the extension is lawful."""
    if already_extended:
        raise ExtensionError("Esta pregunta ya tuvo una prórroga; la ley permite una sola.")
    if today > due_on:
        raise ExtensionError(
            "La prórroga debe comunicarse antes de que venza el término; este ya venció."
        )
    if new_due_on <= due_on:
        raise ExtensionError("La nueva fecha debe ser posterior al vencimiento actual.")
    limit = latest_extension(starts_after, term, calendar)
    if new_due_on > limit:
        raise ExtensionError(
            f"La nueva fecha no puede pasar del doble del término inicial: a más tardar el "
            f"{formatting.long_date(limit)}."
        )
    if not calendar.is_business_day(new_due_on):
        raise ExtensionError("La nueva fecha debe ser un día hábil.")


def is_overdue(due_on: date, today: date) -> bool:
    return today > due_on


def is_due_soon(due_on: date, today: date, calendar: WorkCalendar, within: int) -> bool:
    """Due today or within `within` business days, and not yet overdue."""
    return today <= due_on <= calendar.add_business_days(today, within)


def answered_on_time(due_on: date, answered_on: date) -> bool:
    return answered_on <= due_on
