"""Work done outside a request, for one entity at a time: background tasks, management
commands and the e-mails they send (docs/tenancy.md, step 8).

A request's entity comes from its host or its /e/<slug>/ prefix (middleware). A task or a
command has neither: with several entities installed, its first query on a keyed model
would raise `NoEntityActive`, and `Entity.objects.current()` (an e-mail's name, contact
and logo) would name the installation's first entity. So:

- a task about one row finds that row's entity across entities (`entity_of`) and runs
  inside `working_for(entity)` (`in_entity_of` does both, as a task decorator);
- periodic work runs once per active entity (`for_each_entity`), one entity's failure
  logged and the others done all the same;
- `working_for` also sets the base of the links an e-mail carries (`site_url()`, the
  entity's primary host, else SITE_URL) and the script prefix `reverse()` adds
  (`/e/<slug>/` for an entity without a host of its own on a multi-entity installation),
  as the middleware does for a request.
"""

import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, set_script_prefix

from rinde.entity import addresses, scoping
from rinde.entity.models import Entity
from rinde.entity.scoped import several_entities

logger = logging.getLogger(__name__)

# The scheme, host and port of the active work's links (no trailing slash); unset in a
# request, whose links keep SITE_URL as before.
_base_url: ContextVar[str | None] = ContextVar("rinde_work_base_url", default=None)


def entity_of(model: type[models.Model], pk: Any, via: str = "entity") -> Entity | None:
    """The entity of `model`'s row `pk`, read across entities in one query (the work does
    not know its entity yet); None when the row is gone. `via` is the path from the row
    to its entity: "entity" for a keyed model, e.g. "exercise__entity" for a child."""
    rows = model._base_manager.filter(pk=pk).values(via)
    return Entity.objects.filter(pk__in=rows).first()


@contextmanager
def working_for(entity: Entity) -> Iterator[Entity]:
    """Run the block as `entity`'s work: its rows only, its name on e-mails, its links.
    Restores what was active before (a task run at once inside a request, in tests)."""
    base, prefix = addresses.links_of(entity)
    previous_prefix = get_script_prefix()
    token = _base_url.set(base)
    set_script_prefix(prefix)
    try:
        with scoping.activate(entity):
            yield entity
    finally:
        set_script_prefix(previous_prefix)
        _base_url.reset(token)


def site_url() -> str:
    """The scheme and host an e-mail's links start with (no trailing slash): the entity's
    own host inside `working_for`, SITE_URL elsewhere."""
    return _base_url.get() or settings.SITE_URL.rstrip("/")


def sender() -> str | None:
    """The From of an e-mail: on an installation with several entities, DEFAULT_FROM_EMAIL's
    address under the active entity's name (a citizen of Tenjo must not get "Rinde" or
    another entity's name); None, i.e. DEFAULT_FROM_EMAIL as configured, otherwise."""
    entity = scoping.active()
    if entity is None or not several_entities(Entity):
        return None
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    # Unencoded: Django encodes the header when it sends the message.
    return str(Address(display_name=entity.name, addr_spec=address))


def in_entity_of(
    model: type[models.Model], arg: str, via: str = "entity", missing: Any = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A task decorator (under @task): the task's argument `arg` is a `model` primary key;
    the task runs inside `working_for` that row's entity, or returns `missing` at once
    when the row is gone (deleted or erased before the worker got to it)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            pk = signature.bind(*args, **kwargs).arguments[arg]
            entity = entity_of(model, pk, via)
            if entity is None:
                return missing
            with working_for(entity):
                return func(*args, **kwargs)

        # What entity.tests.test_work checks of every task: the path resolves.
        wrapped.entity_of_row = (model, arg, via)  # type: ignore[attr-defined]
        return wrapped

    return decorate


@contextmanager
def working_for_id(entity_id: int | None) -> Iterator[Entity | None]:
    """`working_for` the entity with primary key `entity_id`. None (a task queued before
    its entity travelled with it) or a vanished entity: the block runs as it did before
    tenancy, with no entity active (fine on one entity, fails closed on several)."""
    entity = Entity.objects.filter(pk=entity_id).first() if entity_id is not None else None
    if entity is None:
        yield None
        return
    with working_for(entity):
        yield entity


def active_entities() -> list[Entity]:
    """The entities periodic work runs for: the active ones (a suspended entity's digests
    and reminders wait until it is active again), oldest first."""
    return list(Entity.objects.filter(is_active=True).order_by("pk"))


def for_each_entity(work: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[Entity, Any]:
    """`work(*args, **kwargs)` once per active entity, inside `working_for` it; returns
    each entity's result. An entity whose work raises is logged with its traceback and
    left out, and the others still run: one entity's broken row must not hold back every
    other entity's digest."""
    results: dict[Entity, Any] = {}
    for entity in active_entities():
        try:
            with working_for(entity):
                results[entity] = work(*args, **kwargs)
        except Exception:
            logger.exception(
                "periodic work failed for one entity; the others go on",
                extra={"entity": entity.pk, "work": getattr(work, "__qualname__", str(work))},
            )
    return results


def total_for_each_entity(work: Callable[..., int], *args: Any, **kwargs: Any) -> int:
    """`for_each_entity` for work that returns a count: the sum over the entities."""
    return sum(for_each_entity(work, *args, **kwargs).values())
