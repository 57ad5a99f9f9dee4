"""The site search's query: one indexed lookup in search_entry's full-text index, ranked and
highlighted by the database (PostgreSQL: the `rinde_es` configuration, Spanish stemming
without accents, ts_rank and ts_headline; SQLite: FTS5 with accents folded, bm25, snippet).
Both answer the same Search object, which Django's Paginator slices: a count and a page, two
queries whatever the page."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rinde.core.search import fold
from rinde.entity.models import Entity
from rinde.search.indexing import MARK_START, MARK_STOP
from rinde.search.models import Kind

MAX_TERMS = 12
# PostgreSQL's ts_headline: a couple of fragments around the matches.
HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
TITLE_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_STOP}, HighlightAll=true"


# Constant SQL, every value a parameter. The same four filters in each (Search._filters): the
# request's entity only (raw SQL passes by the scoped managers), a scheduled item stays
# hidden until its time, an empty kind or exercise means "all".
SQLITE_COUNT = (
    "SELECT count(*) FROM search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid"
    " WHERE search_entry_fts MATCH %s"
    " AND e.entity_id = %s"
    " AND (e.visible_from IS NULL OR e.visible_from <= %s)"
    " AND (%s = '' OR e.kind = %s)"
    " AND (CAST(%s AS bigint) IS NULL OR e.exercise_id = CAST(%s AS bigint))"
)
# bm25: smaller is better; a word in the title weighs ten times one in the body.
SQLITE_PAGE = (
    "SELECT e.kind, highlight(search_entry_fts, 0, %s, %s),"
    " snippet(search_entry_fts, 1, %s, %s, ' … ', 30), e.url, x.title"
    " FROM search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid"
    " LEFT JOIN exercises_exercise x ON x.id = e.exercise_id"
    " WHERE search_entry_fts MATCH %s"
    " AND e.entity_id = %s"
    " AND (e.visible_from IS NULL OR e.visible_from <= %s)"
    " AND (%s = '' OR e.kind = %s)"
    " AND (CAST(%s AS bigint) IS NULL OR e.exercise_id = CAST(%s AS bigint))"
    " ORDER BY bm25(search_entry_fts, 10.0, 1.0), e.id LIMIT %s OFFSET %s"
)
POSTGRESQL_COUNT = (
    "SELECT count(*) FROM search_entry e"
    " WHERE e.document @@ to_tsquery('rinde_es', %s)"
    " AND e.entity_id = %s"
    " AND (e.visible_from IS NULL OR e.visible_from <= %s)"
    " AND (%s = '' OR e.kind = %s)"
    " AND (CAST(%s AS bigint) IS NULL OR e.exercise_id = CAST(%s AS bigint))"
)
# The page is chosen first; the costly headlines are made for its rows only. The title
# (weight A) counts more than the body (B) in ts_rank.
POSTGRESQL_PAGE = (
    "WITH q AS (SELECT to_tsquery('rinde_es', %s) AS query),"
    " page AS (SELECT e.id, ts_rank(e.document, q.query) AS rank"
    " FROM search_entry e, q WHERE e.document @@ q.query"
    " AND e.entity_id = %s"
    " AND (e.visible_from IS NULL OR e.visible_from <= %s)"
    " AND (%s = '' OR e.kind = %s)"
    " AND (CAST(%s AS bigint) IS NULL OR e.exercise_id = CAST(%s AS bigint))"
    " ORDER BY rank DESC, e.id LIMIT %s OFFSET %s)"
    " SELECT e.kind, ts_headline('rinde_es', e.title, q.query, %s),"
    " ts_headline('rinde_es', e.body, q.query, %s), e.url, x.title"
    " FROM page JOIN search_entry e ON e.id = page.id"
    " LEFT JOIN exercises_exercise x ON x.id = e.exercise_id, q"
    " ORDER BY page.rank DESC, e.id"
)


def highlighted(text: str) -> SafeString:
    """The database's highlighted text made safe: everything escaped, then only our markers
    turned into <mark>. Unbalanced markers (a cut fragment) are dropped, never guessed."""
    if text.count(MARK_START) != text.count(MARK_STOP):
        text = text.replace(MARK_START, "").replace(MARK_STOP, "")
    html = str(escape(text)).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our tags added  # nosec B308


@dataclass(frozen=True)
class Hit:
    kind: Kind
    title: SafeString
    snippet: SafeString
    url: str
    exercise_title: str | None

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


# The commonest short words are left out of a query, and plurals lose their ending, so
# "vias" finds "vía" (Spanish Snowball leaves "vias" whole) the same on both databases.
STOP_WORDS = frozenset(
    [
        "a",
        "al",
        "con",
        "de",
        "del",
        "el",
        "en",
        "la",
        "las",
        "lo",
        "los",
        "o",
        "para",
        "por",
        "que",
        "se",
        "su",
        "sus",
        "un",
        "una",
        "uno",
        "y",
    ]
)


def _stem(term: str) -> str:
    if len(term) > 4 and term.endswith("es"):
        return term[:-2]
    if len(term) > 3 and term.endswith("s"):
        return term[:-1]
    return term


def query_terms(text: str) -> list[str]:
    """The words a person typed, as both databases look them up: letters and digits only
    (no query syntax ever reaches the database), accents and case folded, small words
    dropped, plurals cut to their singular."""
    terms = [fold(t) for t in re.findall(r"[^\W_]+", text)][:MAX_TERMS]
    kept = [t for t in terms if t not in STOP_WORDS] or terms
    return [_stem(t) for t in kept]


def sqlite_match(text: str) -> str:
    """An FTS5 expression: each word a quoted prefix, all required."""
    return " ".join(f'"{t}"*' for t in query_terms(text))


def postgresql_query(text: str) -> str:
    """A to_tsquery expression: each word a prefix of a lexeme, all required."""
    return " & ".join(f"{t}:*" for t in query_terms(text))


class Search:
    """The hits for `text`, with optional filters by kind and exercise; a sequence for
    Paginator: count() and slicing each run one query."""

    def __init__(self, text: str, *, kind: str = "", exercise_id: int | None = None, now: datetime):
        self.text = text
        self.kind = kind
        self.exercise_id = exercise_id
        self.now = now
        self.vendor = connection.vendor
        self._count: int | None = None

    def _filters(self) -> list:
        """The parameters of the four filters, in their order."""
        exercise = self.exercise_id or None
        now = connection.ops.adapt_datetimefield_value(self.now)
        entity = Entity.objects.current()
        return [entity.pk if entity else None, now, self.kind, self.kind, exercise, exercise]

    def _term(self) -> str:
        return (sqlite_match if self.vendor == "sqlite" else postgresql_query)(self.text)

    def count(self) -> int:
        if self._count is None:
            self._count = self._fetch_count() if self._term() else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Hit]:
        if not isinstance(index, slice):
            raise TypeError("a search is read a page at a time")
        start, stop = index.start or 0, index.stop
        if not self._term() or stop is None or stop <= start:
            return []
        return self._fetch_page(start, stop - start)

    def _fetch_count(self) -> int:
        sql = SQLITE_COUNT if self.vendor == "sqlite" else POSTGRESQL_COUNT
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._term(), *self._filters()])
            return cursor.fetchone()[0]

    def _fetch_page(self, offset: int, limit: int) -> list[Hit]:
        if self.vendor == "sqlite":
            marks = [MARK_START, MARK_STOP] * 2
            sql, params = SQLITE_PAGE, [*marks, self._term(), *self._filters(), limit, offset]
        else:
            sql = POSTGRESQL_PAGE
            params = [self._term(), *self._filters(), limit, offset, TITLE_HEADLINE, HEADLINE]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            Hit(
                kind=kind,
                title=highlighted(title),
                snippet=highlighted(snippet),
                url=url,
                exercise_title=exercise_title,
            )
            for kind, title, snippet, url, exercise_title in rows
        ]
