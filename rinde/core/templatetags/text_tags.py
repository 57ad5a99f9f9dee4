"""Template filters for showing text and numbers: cleaned HTML as text, citizens' text as the
public may see it, and numbers and money in Colombian writing (docs/numbers.md)."""

from decimal import InvalidOperation

from django import template
from django.utils.safestring import mark_safe

from rinde.core import formatting
from rinde.core.numbers import format_number
from rinde.core.privacy import mask_personal_data as _mask_personal_data
from rinde.core.sanitize import html_to_text, text_or_html

register = template.Library()


@register.filter
def as_text(html: str) -> str:
    """The text of cleaned HTML, for excerpts: unlike `striptags`, entities are decoded
    first, so autoescaping shows "&" and not "&amp;"."""
    return html_to_text(html)


@register.filter
def answer_html(value: str) -> str:
    """An answer as safe HTML paragraphs (core.sanitize.text_or_html): plain text, HTML or
    a mix of both, as stored; the public page and the e-mail show it through this."""
    return mark_safe(text_or_html(value))  # noqa: S308  # nosec B308 - cleaned by nh3


@register.filter
def mask_personal_data(text) -> str:
    """A citizen's text on a public page: core.privacy.mask_personal_data (e-mails, phones
    and identity documents hidden, direction controls removed). Staff pages show the text
    as it was typed."""
    return _mask_personal_data(str(text or ""))


@register.filter
def number(value, places=None) -> str:
    """1234.5 → "1.234,5"; `{{ value|number:2 }}` rounds to two decimals. None → "—";
    what is not a number is shown as it is."""
    if value is None or value == "":
        return "—"
    try:
        return format_number(value, None if places in (None, "") else int(places))
    except (InvalidOperation, ValueError):
        return value


@register.filter
def money(value) -> str:
    """Pesos with thousands separators: "$ 4.917.500.000", a no-break space after "$" so
    it never wraps (core.formatting.money). None → "—"; what is not a number is shown as it
    is."""
    if value is None or value == "":
        return "—"
    try:
        return formatting.money(value)
    except (InvalidOperation, ValueError):
        return value
