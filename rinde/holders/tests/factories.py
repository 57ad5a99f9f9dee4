"""One person's footprint across the apps, for the holder tests."""

from datetime import timedelta

from django.utils import timezone

from rinde.consultations.models import Comment, Forum, Survey, SurveyOption, SurveyResponse
from rinde.consultations.services import email_digest
from rinde.exercises.models import Event, EventKind, Registration
from rinde.questions.tests.factories import make_exercise, make_question

EMAIL = "ana.perez@example.org"


def make_footprint(email: str = EMAIL, *, exercise=None, n: int = 1, suffix: str = ""):
    """n questions, registrations, comments and confirmed survey answers tied to `email`."""
    exercise = exercise or make_exercise()
    now = timezone.now()
    event = Event.objects.create(
        exercise=exercise,
        kind=EventKind.HEARING,
        title=f"Audiencia pública {suffix}",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=3),
    )
    forum = Forum.objects.create(
        exercise=exercise,
        question=f"¿Qué opina del informe? {suffix}",
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=3),
    )
    survey = Survey.objects.create(
        exercise=exercise,
        question=f"¿Qué temas quiere conocer? {suffix}",
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=3),
    )
    option = SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    for i in range(n):
        make_question(
            exercise,
            text=f"¿Cuándo arreglan la vía {i}{suffix}? Llámenme al 300 123 4567",
            asker_name="Ana Pérez",
            asker_email=email,
            asker_phone="3001234567",
            data_authorized=True,
            received_at=now - timedelta(days=1),
        )
        Registration.objects.create(
            event=event,
            kind="attend",
            code=f"RC-{suffix}{i:05d}"[:12],
            name="Ana Pérez",
            email=email,
            phone="3001234567",
            data_consent_version="inscripcion-evento-v1",
        )
        Comment.objects.create(
            forum=forum,
            author_name="Ana",
            author_email=email,
            author_key=f"key-{suffix}{i}",
            body=f"Buen informe {i}; escríbanme a {email}",
        )
    response = SurveyResponse.objects.create(
        survey=survey,
        confirmed_at=now,
        email_digest=email_digest(email),
        email_authorized_at=now,
    )
    response.options.set([option])
    return exercise
