"""Page numbers typed into a URL (?pagina=): whatever arrives, a page, never an error.

Paginator.get_page already falls back on anything it cannot read; this is for the places
that take the number themselves (a redirect back to the page a form came from)."""

MAX_PAGE = 100_000


def page_number(raw: str | None, default: int = 1) -> int:
    """A positive page number read from `raw`, or `default`. Only ASCII digits count:
    "²".isdigit() is true and int("²") fails, and a number thousands of digits long makes
    int() refuse it; both once gave a 500."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_PAGE)):
        return default
    number = int(raw)
    return number if 0 < number <= MAX_PAGE else default
