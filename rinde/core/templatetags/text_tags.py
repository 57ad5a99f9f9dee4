"""Template filters for showing cleaned user HTML as text."""

from django import template

from rinde.core.sanitize import html_to_text

register = template.Library()


@register.filter
def as_text(html: str) -> str:
    """The text of cleaned HTML, for excerpts: unlike `striptags`, entities are decoded
    first, so autoescaping shows "&" and not "&amp;"."""
    return html_to_text(html)
