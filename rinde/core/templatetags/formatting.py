"""Template filters for dates, times, numbers and money in es-CO (core.formatting). They are
template builtins (settings.TEMPLATES), so any template, e-mail or PDF uses them without a
`{% load %}`:

    {{ event.starts_at|long_datetime }}   5 de enero de 2026, 8:00 a. m.
    {{ doc.date|long_date }}              5 de enero de 2026
    {{ q.due_on|numeric_date }}           05/01/2026
    {{ value|number_upto:2 }}             12,5
    {{ amount|money }}                    $ 58.666.000.000 (no-break space)

`number` and `money` of `text_tags` give the same output ("—" for an empty value)."""

from decimal import InvalidOperation

from django import template

from rinde.core import formatting
from rinde.core.templatetags import text_tags

register = template.Library()

for _name in (
    "long_date",
    "weekday_date",
    "day_month",
    "month_year",
    "numeric_date",
    "time_of_day",
    "long_datetime",
    "weekday_datetime",
    "day_month_time",
    "numeric_datetime",
):
    register.filter(_name, getattr(formatting, _name), expects_localtime=False)


@register.filter
def number_upto(value, places=2) -> str:
    """At most `places` decimals, without trailing zeros ("—" when empty)."""
    if value is None or value == "":
        return "—"
    try:
        return formatting.number_upto(value, int(places))
    except (InvalidOperation, ValueError, TypeError):
        return value


# The same filters as text_tags' (not a second version), so they too need no `{% load %}`.
register.filter("number", text_tags.number)
register.filter("money", text_tags.money)
