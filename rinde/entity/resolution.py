"""Which entity a request is for: its host through Domain, else its /e/<slug>/ prefix,
else the installation's single entity while no Domain row exists (docs/tenancy.md, step 4).

Each lookup is cached, so a page costs the same queries whatever the size of the Domain
and Entity tables; signals.py drops the entries when a Domain or Entity row changes."""

from django.core.cache import cache
from django.db.models import Exists

from rinde.entity.models import Domain, Entity, remember_current

CACHE_SECONDS = 300
HAS_DOMAINS_KEY = "entity:has-domains"
# Cached for a host or slug that matches nothing, so that a stream of requests for unknown
# hosts costs no query either (a cached None cannot be told from a miss).
NOTHING = 0


def host_key(host: str) -> str:
    return f"entity:host:{host}"


def slug_key(slug: str) -> str:
    return f"entity:slug:{slug}"


def _cached(key: str, lookup) -> Entity | None:
    found = cache.get(key)
    if found is None:
        found = lookup() or NOTHING
        cache.set(key, found, CACHE_SECONDS)
    return found or None


def entity_for_host(host: str) -> Entity | None:
    """The entity whose Domain is `host` (lower-case, no port), None if no Domain is."""

    def lookup() -> Entity | None:
        domain = Domain.objects.select_related("entity").filter(host=host).first()
        return domain.entity if domain else None

    return _cached(host_key(host), lookup)


def entity_for_slug(slug: str) -> Entity | None:
    return _cached(slug_key(slug), lambda: Entity.objects.filter(slug=slug).first())


def has_domains() -> bool:
    """Whether any Domain row exists: until one does, the single entity is served on any
    allowed host (`make demo`, the tests, every install from before tenancy)."""
    found = cache.get(HAS_DOMAINS_KEY)
    if found is None:
        # One query for the two things a request on a cold cache asks first: whether any
        # Domain exists and, for Entity.objects.current(), the first entity (a Domain needs
        # an entity: no entity, no Domain). A page then sends the queries it sent before
        # this middleware existed, cold cache included.
        first = (
            Entity.objects.annotate(any_domain=Exists(Domain.objects.all())).order_by("pk").first()
        )
        found = first is not None and first.any_domain
        cache.set(HAS_DOMAINS_KEY, found, CACHE_SECONDS)
        if first is not None and not found:
            remember_current(first)
    return found


def single_entity() -> Entity | None:
    """The installation's entity while it has no Domain rows, None before the first-run
    set-up. The same cached row Entity.objects.current() reads with no entity active."""
    entity = Entity.objects.current()
    return entity if entity.pk else None
