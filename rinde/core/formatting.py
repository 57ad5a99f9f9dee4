"""Dates, times, numbers and money as Spanish (Colombia) writes them: one set of helpers for
pages, e-mails, PDFs and Python messages (docs/formatting.md).

Why not Django's `date` filter with the es-CO locale: its translations capitalise months
and weekdays ("Lunes 5 de Enero"), abbreviate with a capital and no period ("5 Ene 2026"),
and write times "8:00 a.m.", which gives "8:00 a.m.." at the end of a sentence. Spanish
writes months and weekdays in lower case, and the RAE and the Colombian usage write the
time "8:00 a. m." (a space inside the abbreviation; noon is "12:00 m.").

Every helper takes a date, a datetime (aware ones are shown in the site's time zone), or
None (shown as ""). The spaces inside a time and after "$" are no-break spaces
(NBSP): a line never breaks between "8:00" and "a. m." nor between "$" and its amount.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from rinde.core.numbers import format_money, format_number

NBSP = "\u00a0"

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def _local(value):
    """A datetime in the site's time zone (naive ones are taken as they are)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value: date | datetime | None) -> str:
    """ "5 de enero de 2026"."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"


def weekday_date(value: date | datetime | None) -> str:
    """ "lunes 5 de enero de 2026"."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{WEEKDAYS[value.weekday()]} {long_date(value)}"


def day_month(value: date | datetime | None) -> str:
    """ "5 de enero" (the year is clear from the context)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{value.day} de {MONTHS[value.month - 1]}"


def month_year(value: date | datetime | None) -> str:
    """ "enero de 2026" (a monthly cut, a month's heading: `capfirst` it there)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{MONTHS[value.month - 1]} de {value.year}"


def numeric_date(value: date | datetime | None) -> str:
    """ "05/01/2026": day, month, year, for tables and lists where a long date is too wide."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def time_of_day(value: time | datetime | None) -> str:
    """ "8:00 a. m.", "3:30 p. m.", "12:00 m." (noon), "12:15 p. m.", "12:00 a. m."
    (midnight), with no-break spaces. A sentence that ends with it takes no second period."""
    if value is None or value == "":
        return ""
    value = _local(value)
    hour, minute = value.hour, value.minute
    if hour == 12 and minute == 0:
        return f"12:00{NBSP}m."
    suffix = f"a.{NBSP}m." if hour < 12 else f"p.{NBSP}m."
    return f"{hour % 12 or 12}:{minute:02d}{NBSP}{suffix}"


def long_datetime(value: datetime | None) -> str:
    """ "5 de enero de 2026, 8:00 a. m."."""
    if value is None or value == "":
        return ""
    return f"{long_date(value)}, {time_of_day(value)}"


def weekday_datetime(value: datetime | None) -> str:
    """ "lunes 5 de enero de 2026, 8:00 a. m."."""
    if value is None or value == "":
        return ""
    return f"{weekday_date(value)}, {time_of_day(value)}"


def day_month_time(value: datetime | None) -> str:
    """ "5 de enero, 8:00 a. m."."""
    if value is None or value == "":
        return ""
    return f"{day_month(value)}, {time_of_day(value)}"


def numeric_datetime(value: datetime | None) -> str:
    """ "05/01/2026, 8:00 a. m.", for staff tables."""
    if value is None or value == "":
        return ""
    return f"{numeric_date(value)}, {time_of_day(value)}"


def number(value, places: int | None = None) -> str:
    """ "1.234,5" (core.numbers.format_number: thousands with ".", decimals with ",")."""
    return format_number(value, places)


def number_upto(value, places: int) -> str:
    """Rounded to at most `places` decimals, without trailing zeros: 12.5 → "12,5", 3 → "3"
    (what `floatformat:"-2"` did, in Colombian writing)."""
    if value is None or value == "":
        return ""
    text = format_number(value, places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def money(value) -> str:
    """ "$ 58.666.000.000" with a no-break space after "$", so it never wraps (the number
    itself has no break opportunity); cents only when there are some."""
    return format_money(value).replace("$ ", f"${NBSP}")


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
