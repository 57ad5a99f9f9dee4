from datetime import date, datetime
from zoneinfo import ZoneInfo

from rinde.exercises.models import Event, EventKind, Exercise
from rinde.questions import services
from rinde.questions.models import Channel

BOGOTA = ZoneInfo("America/Bogota")


def make_exercise(year: int = 2023, **fields) -> Exercise:
    defaults = {
        "title": f"Rendición de Cuentas {year}",
        "starts_on": date(year, 1, 16),
        "ends_on": date(year + 1, 1, 31),
        "is_published": True,
    }
    return Exercise.objects.create(year=year, **{**defaults, **fields})


def make_hearing(exercise: Exercise, day: date = date(2023, 12, 15)) -> Event:
    return Event.objects.create(
        exercise=exercise,
        kind=EventKind.HEARING,
        title="Audiencia pública",
        starts_at=datetime.combine(day, datetime.min.time().replace(hour=8), BOGOTA),
        ends_at=datetime.combine(day, datetime.min.time().replace(hour=11), BOGOTA),
    )


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BOGOTA)


def make_question(
    exercise: Exercise,
    *,
    text="¿Cuándo arreglan la vía principal del barrio?",
    channel=Channel.WEB,
    received_at=None,
    **fields,
):
    return services.receive_question(
        exercise=exercise,
        text=text,
        channel=channel,
        received_at=received_at or local(2023, 12, 15, 10, 0),
        **fields,
    )
