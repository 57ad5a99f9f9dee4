"""An entity's slug, its name in /e/<slug>/ (docs/tenancy.md): made from its short name or
name when it is created, numbered if another entity has it already."""

from django.utils.text import slugify

from rinde.entity.models import Entity

SLUG_MAX_LENGTH = 80


def base_slug(name: str) -> str:
    # slugify() drops the accents ("Alcaldía de Itagüí" -> "alcaldia-de-itagui"); a name
    # with no letter or digit at all still gets an address.
    return slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "entidad"


def free_slug(name: str) -> str:
    """A slug made from `name` (a new entity's short name, else its name) that no entity
    has yet."""
    base = base_slug(name)
    taken = set(Entity.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return slug
