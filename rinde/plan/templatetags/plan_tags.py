"""The dashboard's repeated bits rendered in Python: a table of 50 rows with an include per
row cost more than the rest of the page (bench/plan.py)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_noop

register = template.Library()

LIGHT_WORDS = {
    "red": gettext_noop("Rojo"),
    "yellow": gettext_noop("Amarillo"),
    "green": gettext_noop("Verde"),
}


@register.simple_tag
def progress_bar(n):
    """A node's physical progress as a <progress> with its figure, and its traffic light
    as a word (never colour alone)."""
    if n is None:
        return ""
    if n.progress is None:
        bar = format_html('<span class="muted">{}</span>', gettext("sin meta medible"))
    else:
        bar = format_html(
            '<progress max="100" value="{0}" aria-label="{1}">{0} %</progress> '
            "<strong>{0} %</strong>",
            n.percent,
            gettext("Avance físico"),
        )
    if not n.light:
        return bar
    return format_html(
        '{} <span class="light light-{}">{}</span>', bar, n.light, gettext(LIGHT_WORDS[n.light])
    )


@register.simple_tag
def month_options(months, selected):
    """The <option>s of the month filter: (date, value, label) in display order."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if month == selected else "", label)
            for month, value, label in months
        ),
    )


@register.simple_tag
def history_rows(rows):
    """The chart's data table: (month label, percent or None)."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td></tr>',
        ((label, "—" if percent is None else f"{percent} %") for label, percent in rows),
    )
