"""Demo topic survey for 2023 (closed, so its results show), with a few thousand answers.
Idempotent: nothing is added if the survey exists."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rinde.consultations.models import (
    AgeRange,
    ParticipantKind,
    PopulationGroup,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from rinde.demo.fictitious import FICTITIOUS_SITE
from rinde.exercises.models import Exercise
from rinde.plan.models import StrategicLine, Territory

BOGOTA = ZoneInfo("America/Bogota")
ANSWERS = 3000


def load() -> None:
    exercise = Exercise.objects.get(slug="2023")
    if Survey.objects.filter(exercise=exercise).exists():
        return
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere que la Alcaldía explique en la rendición de cuentas 2023?",
        max_choices=3,
        opens_at=datetime(2023, 10, 1, 8, 0, tzinfo=BOGOTA),
        closes_at=datetime(2023, 11, 30, 18, 0, tzinfo=BOGOTA),
        embed_hosts=FICTITIOUS_SITE.rstrip("/"),
    )
    lines = list(StrategicLine.objects.filter(plan__is_current=True).order_by("code"))
    options = [
        SurveyOption(survey=survey, order=i, label=line.name, line=line)
        for i, line in enumerate(lines, start=1)
    ]
    options += [
        SurveyOption(
            survey=survey, order=len(options) + 1, label="Contratación y uso de los recursos"
        )
    ]
    SurveyOption.objects.bulk_create(options)
    options = list(survey.options.all())
    territories = list(Territory.objects.all())
    rng = random.Random(2023)  # noqa: S311 - demo figures, reproducible  # nosec B311
    start = survey.opens_at
    responses = []
    for n in range(ANSWERS):
        group = rng.choice([""] * 6 + [g for g, _ in PopulationGroup.choices])
        responses.append(
            SurveyResponse(
                entity_id=survey.exercise.entity_id,  # not the key's default: a cache read a row
                survey=survey,
                age_range=rng.choice([""] + [a for a, _ in AgeRange.choices]),
                territory=rng.choice([None, *territories]),
                participant_kind=rng.choice(
                    ["", "ciudadano", "ciudadano", ParticipantKind.ORGANIZATION]
                ),
                population_group=group,
                sensitive_authorized_at=start + timedelta(hours=n % 1000) if group else None,
                # Counted in the results: the demo survey asks for no e-mail confirmation.
                confirmed_at=start + timedelta(hours=n % 1000),
            )
        )
    SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    weights = [5, 9, 6, 3, 2, 4, 7][: len(options)] + [1] * max(0, len(options) - 7)
    through = SurveyResponse.options.through
    links = []
    for response in SurveyResponse.objects.filter(survey=survey).only("pk"):
        for option in set(rng.choices(options, weights=weights, k=rng.randint(1, 3))):
            links.append(through(surveyresponse_id=response.pk, surveyoption_id=option.pk))
    through.objects.bulk_create(links, batch_size=5000)
