"""Every query on a keyed model reads the active entity's rows only (docs/tenancy.md, step 5).

`EntityScopedQuerySet` is the queryset of every model that carries `entity = entity_key()`
(the model's `objects`, and the related managers Django derives from it). It adds
`entity_id = <the active entity>` when the query runs, not when it is built: a ModelForm's
foreign-key field builds its queryset when the form class is defined, at import, which can
happen with no entity active or inside the first request's entity; filtering then would
bake "no entity" or that first entity into the field for every later request.

With no entity active (a shell, a command, a task, a test outside a request), a
single-entity installation reads as before, and an installation with several entities
raises `NoEntityActive`: a query that cannot know its entity fails closed rather than
reading every entity's rows. Code that means to read across entities says so with
`across_entities()` (the cross-entity figures, `/metrics`, the host's work).

What this does not cover, by Django's design:
- `Model._base_manager` (plain; what a forward foreign key, `refresh_from_db` and deletion
  follow) reads by primary key across entities: a row reached from a scoped row is that
  row's own.
- A model without the key (a child found through its parent, e.g. an exercise's event) is
  scoped only when it is looked up through its parent: `Event.objects.filter(
  exercise__in=Exercise.objects.all())`, never `Event.objects.get(pk=<from the URL>)`.
- `Subquery(qs)`, `Exists(qs)` and `qs.union()` take the inner query as built: correlate
  them with `OuterRef` to a scoped outer query, or build them inside `scoping.activate`.
- Raw SQL: it filters on `entity_id` itself (search's full-text queries do).
"""

from django.core.cache import cache
from django.db import models
from django.db.models import Q

from rinde.entity import scoping

SEVERAL_KEY = "entity:several"
SEVERAL_SECONDS = 300


class NoEntityActive(RuntimeError):
    """A query on a keyed model ran with no entity active on an installation that has
    several: the code that ran it must activate the entity it works for."""


def several_entities(entity_model: type[models.Model]) -> bool:
    """Whether the installation has more than one entity: cached, and dropped by the
    Entity signal (entity/signals.py) when one is added or removed."""
    found = cache.get(SEVERAL_KEY)
    if found is None:
        found = entity_model._default_manager.all()[:2].count() > 1
        cache.set(SEVERAL_KEY, found, SEVERAL_SECONDS)
    return found


class EntityScopedQuerySet(models.QuerySet):
    """A queryset that reads the active entity's rows only, applied when it runs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # True until the entity filter is added: once, when the query first runs.
        self._entity_pending = True

    def across_entities(self) -> "EntityScopedQuerySet":
        """The same query over every entity's rows: for the few readers that compare or
        count entities (hosting's figures, /metrics), never for a page of one entity."""
        clone = self._clone()
        clone._entity_pending = False
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._entity_pending = self._entity_pending
        return clone

    def _apply_entity(self) -> None:
        if not self._entity_pending:
            return
        entity = scoping.active()
        if entity is None:
            entity_model = self.model._meta.get_field("entity").related_model
            if not isinstance(entity_model, type) or several_entities(entity_model):
                raise NoEntityActive(
                    f"{self.model._meta.label} queried with no entity active on an "
                    "installation with several: run it inside scoping.activate(entity)."
                )
            return
        self.query.add_q(Q(entity_id=entity.pk))
        self._entity_pending = False

    # The methods through which a query reaches the database. Everything else (get,
    # first, len, bool, iteration, in_bulk, get_or_create…) goes through one of these.
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._apply_entity()
        super()._fetch_all()

    def _iterator(self, use_chunked_fetch, chunk_size):
        self._apply_entity()
        return super()._iterator(use_chunked_fetch, chunk_size)

    def aiterator(self, chunk_size=2000):
        self._apply_entity()
        return super().aiterator(chunk_size)

    def count(self) -> int:
        if self._result_cache is None:
            self._apply_entity()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._apply_entity()
        return super().exists()

    def contains(self, obj) -> bool:
        self._apply_entity()
        return super().contains(obj)

    def aggregate(self, *args, **kwargs):
        self._apply_entity()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs) -> int:
        self._apply_entity()
        return super().update(**kwargs)

    def delete(self):
        self._apply_entity()
        return super().delete()

    def explain(self, *, format=None, **options) -> str:
        self._apply_entity()
        return super().explain(format=format, **options)

    def resolve_expression(self, *args, **kwargs):
        # filter(x__in=<this queryset>): the subquery carries the entity too.
        self._apply_entity()
        return super().resolve_expression(*args, **kwargs)
