"""An entity's own address, for links that leave the request (e-mails, the host's pages).

Its primary Domain when it has one; else /e/<slug>/ on the installation's SITE_URL when
the installation serves several entities; else SITE_URL itself, as before there were
several (docs/tenancy.md)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import get_script_prefix

from rinde.entity.models import Domain, Entity
from rinde.entity.scoped import several_entities


def links_of(entity: Entity) -> tuple[str, str]:
    """The scheme and host (no trailing slash) and the script prefix of `entity`'s links:
    its primary host (else any of its hosts) on SITE_URL's scheme; without a host,
    SITE_URL, under /e/<slug>/ when the installation has several entities (the single
    entity answers on any host)."""
    site = settings.SITE_URL.rstrip("/")
    host = (
        Domain.objects.filter(entity_id=entity.pk)
        .order_by("-is_primary", "host")
        .values_list("host", flat=True)
        .first()
    )
    if host:
        return f"{urlsplit(site).scheme or 'https'}://{host}", "/"
    if several_entities(Entity):
        return site, f"/e/{entity.slug}/"
    return site, "/"


def base_url(entity: Entity) -> str:
    """The entity's root, without the trailing slash."""
    base, prefix = links_of(entity)
    return base + prefix.rstrip("/")


def absolute(entity: Entity, reversed_path: str) -> str:
    """The full address of `reversed_path` (what reverse() returned, under whatever entity
    prefix the current request has) at `entity`."""
    prefix = get_script_prefix()
    path = (
        "/" + reversed_path.removeprefix(prefix)
        if reversed_path.startswith(prefix)
        else reversed_path
    )
    return base_url(entity) + path
