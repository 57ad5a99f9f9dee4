"""The dashboard's repeated bits rendered in Python: a table of 50 rows with an include per
row cost more than the rest of the page (bench/plan.py)."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from rinde.plan import periods

register = template.Library()

LIGHT_WORDS = {
    "red": gettext_noop("Rojo"),
    "yellow": gettext_noop("Amarillo"),
    "green": gettext_noop("Verde"),
}
LIGHT_CLASSES = {light: light for light in LIGHT_WORDS}  # an unknown light fails loudly


def _bar_words() -> dict[str, str]:
    """The words of a progress bar in the active language, escaped once per table."""
    words = {light: gettext(word) for light, word in LIGHT_WORDS.items()}
    words["label"] = gettext("Avance del cuatrienio")
    words["year"] = gettext("Avance del año")
    words["none"] = gettext("sin meta medible")
    words["unreported"] = gettext("sin reporte")
    return {key: conditional_escape(word) for key, word in words.items()}


def _bar(n, words: dict[str, str], which: str = "plan") -> str:
    """`which` is "plan" (the four-year figure) or "year" (the vigencia's)."""
    # Plain string building: a percentage is an int and a light one of LIGHT_WORDS' keys,
    # and the words come escaped; this runs for every row of every table.
    if not n.reported:
        return f'<span class="muted">{words["unreported"]}</span>'
    percent, light = (n.year_percent, n.year_light) if which == "year" else (n.percent, n.light)
    if percent is None:
        bar = f'<span class="muted">{words["none"]}</span>'
    else:
        percent = int(percent)
        label = words["year"] if which == "year" else words["label"]
        bar = (
            f'<progress max="100" value="{percent}" aria-label="{label}">'
            f"{percent} %</progress> <strong>{percent} %</strong>"
        )
    if light:
        bar += f' <span class="light light-{LIGHT_CLASSES[light]}">{words[light]}</span>'
    return bar


@register.simple_tag
def progress_bar(n, which="plan"):
    """A node's progress (the four-year plan's, or with "year" the vigencia's) as a
    <progress> with its figure, and its traffic light as a word (never colour alone)."""
    if n is None:
        return ""
    return mark_safe(_bar(n, _bar_words(), which))  # noqa: S308 - built from escaped parts  # nosec B308


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
def pk_options(pairs, selected):
    """The <option>s of a department or territory filter: (pk, name) pairs."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, " selected" if pk == selected else "", name) for pk, name in pairs),
    )


@register.simple_tag
def figure_rows(rows):
    """A table body of figures: (link, label, node) per row, with the node's progress of
    the year and of the four-year plan, and its financial execution."""
    words = _bar_words()
    return format_html_join(
        "",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                href,
                label,
                mark_safe(_bar(n, words, "year")),  # noqa: S308 - built from escaped parts  # nosec B308
                mark_safe(_bar(n, words)),  # noqa: S308 - built from escaped parts  # nosec B308
                "—" if n.financial_percent is None else f"{n.financial_percent} %",
            )
            for href, label, n in rows
        ),
    )


@register.simple_tag
def node_rows(node, url_name, query, plan=None):
    """A table body of a node's children, each linked to its own page (`url_name` with
    the child's code, under the plan's own address when `plan` is given) keeping the month
    and filter `query`."""
    prefix = [plan.slug] if plan is not None else []
    return figure_rows(
        (f"{reverse(url_name, args=[*prefix, n.obj.code])}?{query}", n.obj, n)
        for n in node.children
    )


@register.filter
def period_label(period, plan):
    """A cut's period as the plan reports it: «2024-T1», «marzo de 2024», «2024»."""
    return periods.period_label(plan, period)


@register.simple_tag
def history_rows(rows):
    """The chart's data table: (month label, percent or None)."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td></tr>',
        ((label, "—" if percent is None else f"{percent} %") for label, percent in rows),
    )
