"""The demo's current exercise: this year's accountability exercise with every citizen step
open on the day the demo is loaded. Its dates are computed from that day, so `make demo`
works any day it is run (issue 15); loading again the same year moves the same exercise's
dates to the new day, and a load in a later year starts that year's exercise while the
earlier ones stay as the past."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from rinde.consultations.models import Forum, Survey, SurveyOption
from rinde.demo import accounts as demo_accounts
from rinde.demo.fictitious import ENTITY
from rinde.entity.calendar import work_calendar
from rinde.evaluation import services as evaluation_services
from rinde.evaluation.models import EvaluationForm
from rinde.exercises import services
from rinde.exercises.models import (
    Action,
    ActionStatus,
    Event,
    EventDetails,
    EventKind,
    Exercise,
    Modality,
    StageKind,
    instrument_for_year,
)

BOGOTA = ZoneInfo("America/Bogota")
PAST_SLUG = "2023"  # the closed exercise of the demo (rinde.demo.itagui)

# Days from the day of the load. The survey and the forum are open now; the hearing is about
# three weeks away so its registrations stay open for a while; a dialogue space held yesterday has
# its evaluation open, so a newcomer can also try the evaluation form.
EXERCISE_FROM, EXERCISE_TO = -60, 90
SURVEY_FROM, SURVEY_TO = -7, 14
FORUM_FROM = -3
HEARING_IN = 21
FORUM_AFTER_HEARING = 7
DIALOGUE_IN = -1
EVALUATION_OPEN_DAYS = 14

# Due date of each stage's actions, in days from the hearing, and their state today.
STAGE_DUE = {
    StageKind.READINESS: (-90, ActionStatus.DONE),
    StageKind.DESIGN: (-60, ActionStatus.DONE),
    StageKind.PREPARATION: (-30, ActionStatus.IN_PROGRESS),
    StageKind.EXECUTION: (0, ActionStatus.PENDING),
    StageKind.FOLLOW_UP: (30, ActionStatus.PENDING),
}

SURVEY_OPTIONS = [
    "Vías y movilidad",
    "Salud",
    "Educación",
    "Seguridad y convivencia",
    "Medio ambiente y espacio público",
    "Contratación y uso de los recursos",
]


def current_slug(today: date) -> str:
    return str(today.year) if str(today.year) != PAST_SLUG else f"{today.year}-actual"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BOGOTA)


@transaction.atomic
def load(today: date | None = None) -> Exercise:
    today = today or timezone.localdate()
    # A hearing on a business day, never on a Sunday or on Christmas.
    hearing_day = work_calendar().on_or_after(today + timedelta(days=HEARING_IN))
    exercise, _created = Exercise.objects.update_or_create(
        slug=current_slug(today),
        defaults={
            "year": today.year,
            "title": f"Rendición de Cuentas {today.year}",
            "planning_instrument": instrument_for_year(today.year),
            "summary": (
                "El ejercicio de rendición de cuentas en curso (demostración): responda la "
                "encuesta de temas, comente en el foro, inscríbase a la audiencia pública y "
                "envíe sus preguntas."
            ),
            "starts_on": today + timedelta(days=EXERCISE_FROM),
            "ends_on": today + timedelta(days=EXERCISE_TO),
            "is_published": True,
        },
    )
    _actions(exercise, hearing_day)
    hearing = _event(
        exercise,
        EventKind.HEARING,
        f"Audiencia pública de rendición de cuentas {today.year}",
        at(hearing_day, 8),
        at(hearing_day, 11),
    )
    EventDetails.objects.update_or_create(
        event=hearing,
        defaults={
            "description": (
                "La administración presenta su informe de gestión y responde las preguntas de "
                "la ciudadanía."
            ),
            "capacity": 300,
            "registration_open": True,
        },
    )
    dialogue_day = today + timedelta(days=DIALOGUE_IN)
    dialogue = _event(
        exercise,
        EventKind.DIALOGUE,
        "Espacio de diálogo con jóvenes",
        at(dialogue_day, 17),
        at(dialogue_day, 19),
    )
    _survey(exercise, today)
    _forum(exercise, today, hearing_day)
    _evaluation(dialogue, today)
    return exercise


def _actions(exercise: Exercise, hearing_day: date) -> None:
    services.ensure_stages(exercise)
    if not Action.objects.filter(stage__exercise=exercise).exists():
        services.apply_template(exercise)
    for action in Action.objects.filter(stage__exercise=exercise).select_related("stage"):
        days, status = STAGE_DUE[action.stage.kind]
        action.due_on = hearing_day + timedelta(days=days)
        action.status = status
        action.save(update_fields=["due_on", "status", "updated_at"])


def _event(exercise, kind, title, starts_at, ends_at) -> Event:
    event, _created = Event.objects.update_or_create(
        exercise=exercise,
        kind=kind,
        defaults={
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "modality": Modality.HYBRID if kind == EventKind.HEARING else Modality.IN_PERSON,
            "place": "Auditorio de la sede de demostración",
            "address": ENTITY["address"],
        },
    )
    return event


def _survey(exercise: Exercise, today: date) -> None:
    survey, created = Survey.objects.update_or_create(
        exercise=exercise,
        defaults={
            "question": (
                f"¿Qué temas quiere que la Alcaldía explique en la rendición de cuentas "
                f"{exercise.year}?"
            ),
            "max_choices": 3,
            "opens_at": at(today + timedelta(days=SURVEY_FROM), 8),
            "closes_at": at(today + timedelta(days=SURVEY_TO), 18),
        },
    )
    if created:
        SurveyOption.objects.bulk_create(
            SurveyOption(survey=survey, order=i, label=label)
            for i, label in enumerate(SURVEY_OPTIONS, start=1)
        )


def _forum(exercise: Exercise, today: date, hearing_day: date) -> None:
    Forum.objects.update_or_create(
        exercise=exercise,
        defaults={
            "question": "¿Qué espera que la Alcaldía explique en la audiencia pública?",
            "intro": "Cuéntenos qué quiere escuchar en la audiencia y qué le gustaría mejorar.",
            "opens_at": at(today + timedelta(days=FORUM_FROM), 8),
            "closes_at": at(hearing_day + timedelta(days=FORUM_AFTER_HEARING), 18),
        },
    )


def _evaluation(dialogue: Event, today: date) -> None:
    form = EvaluationForm.objects.filter(event=dialogue).first()
    if form is None:
        form = evaluation_services.create_form(
            event=dialogue, actor=demo_accounts.user("planeacion")
        )
    form.opens_at = dialogue.starts_at
    form.closes_at = at(today + timedelta(days=EVALUATION_OPEN_DAYS), 18)
    form.save(update_fields=["opens_at", "closes_at"])
