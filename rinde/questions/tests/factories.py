from datetime import date, datetime
from zoneinfo import ZoneInfo

from rinde.entity import scoping
from rinde.exercises.models import Event, EventKind, Exercise
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import intake
from rinde.questions.models import Channel

# The one exercise factory is the exercises app's; tests of other apps still import it from
# here, so the name stays importable.
__all__ = ["BOGOTA", "local", "make_exercise", "make_hearing", "make_question"]

BOGOTA = ZoneInfo("America/Bogota")


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
    # Received as a request for the exercise's entity would receive it.
    with scoping.activate(exercise.entity):
        return intake.receive_question(
            exercise=exercise,
            text=text,
            channel=channel,
            received_at=received_at or local(2023, 12, 15, 10, 0),
            **fields,
        )
