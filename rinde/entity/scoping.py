"""The active entity: the entity whose work is under way, on a ContextVar.

Rinde is moving to many entities on one installation, with row-level tenancy
(docs/tenancy.md). Which entity a piece of work belongs to is not a global setting any
more: the request's entity is resolved from its host or its /e/<slug>/ prefix
(middleware.EntityMiddleware), and the next steps make tasks and management commands
activate the entity they work for too, one at a time. A ContextVar, not a thread local or
an attribute on the request, because that one value has to reach code that never sees a
request (services, tasks, Entity.objects.current()) and must not leak from one request,
task or async context to the next: `activate` restores what was there when it ends.

Plain functions on purpose; the scoped managers that read this come in a later step.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rinde.entity.models import Entity

_active: ContextVar["Entity | None"] = ContextVar("rinde_active_entity", default=None)


@contextmanager
def activate(entity: "Entity | None") -> Iterator[None]:
    """Run the block with `entity` active (None: with no entity active), then restore
    whatever was active before, even if the block raised."""
    token = _active.set(entity)
    try:
        yield
    finally:
        _active.reset(token)


def active() -> "Entity | None":
    """The entity activated for the work under way, None outside any `activate`."""
    return _active.get()
