"""The legal terms of a holder's request: a pure module (no database, no HTTP).

Ley 1581 de 2012, art. 14: a consulta is answered within ten business days of its receipt
(extendable by five, telling the holder why). Art. 15: a reclamo — to correct, update or
delete data, or to revoke the authorization — within fifteen business days from the day
after its receipt (extendable by eight). legal.md marks the first [U] and the second [V].
Receipt follows the questions' rule: a filing on a non-business day or after the entity's
office-hours cut-off counts as received on the next business day."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from rinde.core.calendar import WorkCalendar
from rinde.questions.deadlines import legal_receipt_date


@dataclass(frozen=True)
class Term:
    days: int
    source: str
    extension_days: int


CONSULTATION_TERM = Term(10, "Ley 1581 de 2012, art. 14 (consulta: 10 días hábiles)", 5)
CLAIM_TERM = Term(15, "Ley 1581 de 2012, art. 15 (reclamo: 15 días hábiles)", 8)


def term_for(kind: str) -> Term:
    return CONSULTATION_TERM if kind == "consultation" else CLAIM_TERM


def due_date(
    received_at: datetime, kind: str, calendar: WorkCalendar, cutoff: time | None = None
) -> tuple[date, date, Term]:
    """(legal receipt date, due date, term). `received_at` is in the entity's zone."""
    term = term_for(kind)
    received_on = legal_receipt_date(received_at, calendar, cutoff)
    return received_on, calendar.add_business_days(received_on, term.days), term


class ExtensionError(ValueError):
    pass


def extended_due_date(
    *, kind: str, due_on: date, today: date, already_extended: bool, calendar: WorkCalendar
) -> date:
    """The new due date of a lawful extension, or ExtensionError (a Spanish message): only
    once, and only while the term runs (the holder must be told before it ends)."""
    if already_extended:
        raise ExtensionError(_("Esta solicitud ya tuvo una prórroga; la ley permite una sola."))
    if today > due_on:
        raise ExtensionError(
            _("La prórroga debe comunicarse antes de que venza el término; este ya venció.")
        )
    return calendar.add_business_days(due_on, term_for(kind).extension_days)
