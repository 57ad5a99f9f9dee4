"""Demo improvement plan for 2023: actions traced to the evaluation, an unanswered question
and the veeduría report. Idempotent: matched by description."""

from datetime import date

from rinde.demo import accounts as demo_accounts
from rinde.entity.models import Department
from rinde.evaluation.models import EvaluationQuestion
from rinde.exercises.models import Document, DocumentKind, Exercise
from rinde.improvements.models import ImprovementAction, Origin, Status
from rinde.questions.models import Question


def load() -> None:
    exercise = Exercise.objects.get(slug="2023")
    planning = demo_accounts.user("planeacion")
    departments = {d.code: d for d in Department.objects.all()}
    opportunity = EvaluationQuestion.objects.filter(
        form__event__exercise=exercise, code="oportunidad"
    ).first()
    # The free-text question: an action born of the evaluation's comments links to them,
    # not to one of the multiple-choice questions.
    comments = EvaluationQuestion.objects.filter(
        form__event__exercise=exercise, code="comentarios"
    ).first()
    late = Question.objects.filter(
        exercise=exercise, text__startswith="Solicito copia del contrato"
    ).first()
    oversight = Document.objects.filter(
        exercise=exercise, kind=DocumentKind.OVERSIGHT_REPORT
    ).first()
    rows = [
        (
            "Ampliar a 90 minutos el tiempo de intervenciones ciudadanas en la audiencia 2024.",
            Origin.EVALUATION,
            "Evaluación: «La oportunidad para que las personas inscritas opinaran»",
            {"evaluation_question": opportunity},
            "planeacion",
            date(2024, 6, 30),
            Status.IN_PROGRESS,
        ),
        (
            "Publicar los contratos de alumbrado navideño en datos abiertos cada diciembre.",
            Origin.QUESTION,
            "Pregunta sobre el contrato de alumbrado navideño",
            {"question": late},
            "servicios-administrativos",
            date(2024, 3, 31),
            Status.PLANNED,
        ),
        (
            "Incluir un capítulo de obras por comuna en el informe de gestión.",
            Origin.OVERSIGHT,
            "Informe de las veedurías locales 2023",
            {"document": oversight},
            "planeacion",
            date(2024, 11, 30),
            Status.DONE,
        ),
        (
            "Contratar intérprete de lengua de señas para la transmisión en vivo.",
            Origin.EVALUATION,
            "Comentarios de la evaluación",
            {"evaluation_question": comments},
            "comunicaciones",
            date(2024, 12, 15),
            Status.PLANNED,
        ),
    ]
    for description, origin, detail, links, code, due, status in rows:
        ImprovementAction.objects.update_or_create(
            exercise=exercise,
            description=description,
            defaults={
                "origin": origin,
                "origin_detail": detail,
                "department": departments[code],
                "due_on": due,
                "status": status,
                "created_by": planning,
                **{k: v for k, v in links.items() if v is not None},
            },
        )
