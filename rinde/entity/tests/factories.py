from itertools import count

from rinde.entity.models import Department, Entity
from rinde.entity.slugs import free_slug

_numbers = count(1)


def make_entity(**fields) -> Entity:
    defaults = {
        "name": "Alcaldía de Prueba",
        "municipality": "Prueba",
        "departamento": "Antioquia",
        "nit": "890980093-8",
        "address": "Calle 1 # 2-3",
        "opening_hours": "Lunes a viernes, 8 a. m. a 5 p. m.",
        "phones": "(604) 000 00 00",
        "email": "contacto@prueba.gov.co",
        "judicial_email": "judicial@prueba.gov.co",
    }
    values = {**defaults, **fields}
    values.setdefault("slug", free_slug(values.get("short_name") or values["name"]))
    return Entity.objects.create(**values)


def first_entity() -> Entity:
    """The installation's entity as a test's rows take it: the first one, made when none
    exists yet (a test that asks for a department before, or without, the entity)."""
    return Entity.objects.order_by("pk").first() or make_entity()


def make_department(name: str = "", **fields) -> Department:
    n = next(_numbers)
    name = name or f"Secretaría de Prueba {n}"
    if "entity" not in fields and "entity_id" not in fields:
        fields["entity"] = first_entity()
    return Department.objects.create(name=name, code=fields.pop("code", f"dep-{n}"), **fields)
