from datetime import date, datetime
from zoneinfo import ZoneInfo

from rinde.entity import scoping
from rinde.entity.models import Entity
from rinde.entity.tests.factories import make_entity
from rinde.exercises.models import Event, EventKind, Exercise

BOGOTA = ZoneInfo("America/Bogota")


def make_exercise(year: int = 2023, *, is_published: bool = True, **fields) -> Exercise:
    defaults = {
        "title": f"Rendición de Cuentas {year}",
        "starts_on": date(year, 1, 16),
        "ends_on": date(year + 1, 1, 31),
        "is_published": is_published,
    }
    if "entity" not in fields and scoping.active() is None:
        # The installation's first entity (made when there is none); inside
        # scoping.activate(), the key's default: the active entity.
        defaults["entity"] = Entity.objects.order_by("pk").first() or make_entity()
    defaults.update(fields)
    return Exercise.objects.create(year=year, **defaults)


def make_hearing(exercise: Exercise, starts_at: datetime | None = None, **fields) -> Event:
    starts_at = starts_at or datetime(exercise.year, 12, 15, 8, 0, tzinfo=BOGOTA)
    values = {
        "kind": EventKind.HEARING,
        "title": f"Audiencia pública {exercise.year}",
        "starts_at": starts_at,
        "ends_at": starts_at.replace(hour=11),
    }
    values.update(fields)
    return Event.objects.create(exercise=exercise, **values)
