"""Template filters for showing user text: cleaned HTML as text, and citizens' text as the
public may see it."""

from django import template

from rinde.core.privacy import mask_personal_data as _mask_personal_data
from rinde.core.sanitize import html_to_text

register = template.Library()


@register.filter
def as_text(html: str) -> str:
    """The text of cleaned HTML, for excerpts: unlike `striptags`, entities are decoded
    first, so autoescaping shows "&" and not "&amp;"."""
    return html_to_text(html)


@register.filter
def mask_personal_data(text) -> str:
    """A citizen's text on a public page: core.privacy.mask_personal_data (e-mails, phones
    and identity documents hidden, direction controls removed). Staff pages show the text
    as it was typed."""
    return _mask_personal_data(str(text or ""))
