"""An entity's own address, for links that leave the request (e-mails, the host's pages).

Its primary Domain when it has one; else /e/<slug>/ on the installation's SITE_URL when
the installation serves several entities; else SITE_URL itself, as before there were
several (docs/tenancy.md)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import get_script_prefix

from rinde.entity.models import Domain, Entity
from rinde.entity.scoped import several_entities


def base_url(entity: Entity) -> str:
    """The entity's root, without the trailing slash."""
    site = settings.SITE_URL.rstrip("/")
    domain = Domain.objects.filter(entity=entity, is_primary=True).order_by("pk").first()
    if domain is not None:
        return f"{urlsplit(site).scheme or 'https'}://{domain.host}"
    if several_entities(Entity):
        return f"{site}/e/{entity.slug}"
    return site


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
