"""One of each thing the API publishes, for its tests: `add_one_of_each` grows every
resource by one row (with its own children), so a test can compare query counts as data
grows."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from rinde.consultations.models import Survey, SurveyOption, SurveyResponse
from rinde.evaluation.models import Answer as EvaluationAnswer
from rinde.evaluation.models import EvaluationForm, EvaluationQuestion
from rinde.evaluation.models import Response as EvaluationResponse
from rinde.exercises.models import Document, DocumentKind
from rinde.exercises.tests.factories import make_hearing
from rinde.improvements.models import ImprovementAction, Origin
from rinde.outreach.models import Bulletin
from rinde.plan.models import IndicatorValue, ProgressReport, ProjectProgress, ReportState
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions.models import Answer, AnswerState
from rinde.questions.tests.factories import local, make_question

BOGOTA = ZoneInfo("America/Bogota")


def publish_answer(question, author, body="<p>La obra empieza en marzo.</p>", version=1):
    return Answer.objects.create(
        question=question,
        version=version,
        body=body,
        state=AnswerState.PUBLISHED,
        drafted_by=author,
        published_at=timezone.now(),
    )


def make_cut(indicator, author, period: date, *, value=Decimal(5)) -> ProgressReport:
    report = ProgressReport.objects.create(
        plan=indicator.plan,
        department=indicator.project.department,
        period=period,
        state=ReportState.APPROVED,
        created_by=author,
        approved_at=timezone.now(),
    )
    IndicatorValue.objects.create(report=report, indicator=indicator, value=value)
    ProjectProgress.objects.create(
        report=report,
        project=indicator.project,
        appropriation=Decimal(1000),
        commitments=Decimal(800),
        obligations=Decimal(500),
        payments=Decimal(400),
    )
    return report


def make_closed_survey(exercise, *, answers=(("ninos", 2),), population_group="victima"):
    """A closed survey with two topics; `answers` is ((topic code, people), ...) for the
    first topic, each person declaring `population_group`."""
    now = timezone.now()
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere conocer?",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
    )
    first = SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    SurveyOption.objects.create(survey=survey, order=2, label="Salud")
    for _code, people in answers:
        for _person in range(people):
            response = SurveyResponse.objects.create(
                survey=survey,
                confirmed_at=now,
                population_group=population_group,
                sensitive_authorized_at=now,
            )
            response.options.add(first)
    return survey


def make_closed_evaluation(event, *, responses=2) -> EvaluationForm:
    now = timezone.now()
    form = EvaluationForm.objects.create(
        event=event,
        title=f"Evaluación de {event.title}",
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(days=1),
    )
    scale = EvaluationQuestion.objects.create(
        form=form, order=1, code="claridad", text="¿Qué tan clara fue?", kind="scale"
    )
    comment = EvaluationQuestion.objects.create(
        form=form, order=2, code="comentario", text="Comentarios", kind="text", required=False
    )
    for number in range(responses):
        response = EvaluationResponse.objects.create(form=form)
        EvaluationAnswer.objects.create(response=response, question=scale, number=4 + number % 2)
        EvaluationAnswer.objects.create(
            response=response,
            question=comment,
            text="Escríbanme a ana@example.org",
            text_is_public=True,
        )
    return form


def add_one_of_each(exercise, department, author, number: int) -> None:
    """One more row of every resource (and of its children), numbered `number`."""
    question = make_question(
        exercise,
        text=f"Pregunta {number}: ¿cuándo arreglan la vía?",
        received_at=local(2023, 11, number, 10, 0),
        asker_name="Ana Pérez",
        asker_email="ana@example.org",
    )
    question.department = department
    question.save(update_fields=["department"])
    publish_answer(question, author)
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MINUTES,
        title=f"Acta {number}",
        date=date(2023, 12, number),
        summary="<p>Lo que pasó.</p>",
        published_at=timezone.now(),
    )
    event = make_hearing(exercise, starts_at=datetime(2023, 12, number, 8, 0, tzinfo=BOGOTA))
    make_closed_evaluation(event)
    make_closed_survey(exercise)
    indicator = make_plan_tree(department, code=str(number))
    make_cut(indicator, author, date(2023, number, 1))
    ImprovementAction.objects.create(
        exercise=exercise,
        description=f"Acción {number}",
        origin=Origin.OTHER,
        origin_detail="Mesa de trabajo",
        department=department,
        due_on=date(2024, 3, number),
        created_by=author,
    )
    Bulletin.objects.create(
        title=f"Boletín {number}",
        slug=f"boletin-{number}",
        lead="Entradilla",
        body="<p>Texto.</p>",
        exercise=exercise,
        published_at=timezone.now() - timedelta(hours=number),
    )
