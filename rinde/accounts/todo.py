"""Each staff member's to-do list: what waits for them across the apps, by legal due date.

This module knows no app above `accounts`: each app with work for staff has a `todo.py`
with `pending_for(user, today) -> list[Pending]` (a constant number of queries however many
items) and registers it from its AppConfig.ready() with `register(...)`. The panel's first
page, the menu badges and the daily digest all read `collect(user, today)`, so they show
the same list.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.cache import cache

from rinde.entity import scoping

Provider = Callable[..., list["Pending"]]

_providers: dict[str, Provider] = {}

# The menu badges read the counts the last `collect` stored, never the database: the menu
# is on every staff page, and its query count must not grow with the apps. The panel's first
# page and the digest refresh them; they expire so a stale figure does not linger.
COUNTS_SECONDS = 300


@dataclass(frozen=True)
class Pending:
    """One line of the list: a piece of work, or several alike (`count`), e.g. the questions
    of one department waiting for an answer."""

    what: str  # the action, in Spanish: "Responder 3 preguntas de Obras Públicas"
    why: str  # the rule or state that puts it on the list
    url: str  # where to act
    menu: str  # url name of the panel menu entry it counts under (its badge)
    due_on: date | None = None  # the legal due date, when there is one
    count: int = 1
    overdue: bool = field(default=False, compare=False)  # set by collect()


def register(key: str, provider: Provider) -> None:
    """Called once per app from its AppConfig.ready(); registering again replaces it."""
    _providers[key] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


def sort_key(item: Pending) -> tuple:
    """Overdue first (the oldest due date first), then the soonest; no due date last."""
    return (item.due_on is None, item.due_on or date.max, item.what)


def collect(user, today: date) -> list[Pending]:
    """The user's pending work from every registered app, ordered by legal due date. Each
    provider scopes its items to the user's role and departments."""
    items = [
        replace(item, overdue=item.due_on is not None and item.due_on < today)
        for provider in _providers.values()
        for item in provider(user, today)
    ]
    items.sort(key=sort_key)
    remember_counts(user, items)
    return items


def counts(items: list[Pending]) -> dict[str, int]:
    """Pieces of work per panel menu entry (url name); "accounts:panel" holds the total."""
    per_menu: Counter[str] = Counter()
    for item in items:
        per_menu[item.menu] += item.count
    per_menu["accounts:panel"] = sum(item.count for item in items)
    return dict(per_menu)


def _counts_key(user) -> str:
    # Per entity too: a person's pending work is the entity's whose panel they are on.
    active = scoping.active()
    return f"todo:counts:{active.pk if active else ''}:{user.pk}"


def remember_counts(user, items: list[Pending]) -> None:
    cache.set(_counts_key(user), counts(items), COUNTS_SECONDS)


def remembered_counts(user) -> dict[str, int]:
    """The counts of the user's last collected list (empty when none is fresh)."""
    return cache.get(_counts_key(user)) or {}
