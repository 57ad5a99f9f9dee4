"""Search that ignores accents and case, the same on SQLite and PostgreSQL: citizens type
"cuanto" or "VIA" for "¿Cuánto…" and "vía".

These are substring filters for one list (the public questions' box, their similarity
check). The site-wide search at /buscar/ is rinde.search: a full-text index, ranked."""

import unicodedata

from django.db.models import Func, TextField
from django.db.models.functions import Lower


def fold(text: str) -> str:
    """Accents and case removed, as `folded()` does in the database: "¿Cuánto?" → "¿cuanto?",
    "Ñame" → "name" (PostgreSQL's unaccent also turns ñ into n)."""
    return _strip_accents(text).lower()


def _strip_accents(text: str | None) -> str | None:
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Unaccent(Func):
    """PostgreSQL's unaccent extension (created by a migration); on SQLite, the function
    of the same name that `register_sqlite_unaccent` adds to each connection."""

    function = "unaccent"
    output_field = TextField()


def folded(expression) -> Lower:
    """A column or expression with accents and case removed, to compare with fold(term)."""
    # Accents first: SQLite's lower() only knows ASCII letters ("Á" stays "Á").
    return Lower(Unaccent(expression))


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("unaccent", 1, _strip_accents, deterministic=True)
