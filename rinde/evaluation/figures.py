"""The evaluation report's figures, one function per source. Each returns a plain dict
(JSON-ready, frozen into the report when it is published) or None when the source does not
exist yet on this installation; the report then says "Sin datos todavía"."""

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from rinde.consultations.models import Survey
from rinde.consultations.services import results
from rinde.entity.calendar import work_calendar
from rinde.evaluation.models import Answer, EvaluationForm
from rinde.evaluation.results import average, distribution
from rinde.exercises.models import Action, Registration
from rinde.exercises.services import progress
from rinde.outreach import coverage
from rinde.outreach.models import Audience, Channel, Piece
from rinde.questions.figures import question_figures
from rinde.questions.models import OPEN_STATUSES, Question, Status


def registrations(exercise) -> dict | None:
    rows = Registration.objects.filter(event__exercise=exercise).aggregate(
        attend=Count("pk", filter=Q(kind="attend")),
        intervene=Count("pk", filter=Q(kind="intervene")),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return rows


def questions(exercise) -> dict | None:
    if not apps.is_installed("rinde.questions"):
        return None

    base = Question.objects.public().filter(exercise=exercise)
    today = timezone.localdate()
    figures = question_figures(base, work_calendar(), today)
    figures["at_hearing"] = base.filter(status=Status.AT_HEARING).count()
    figures["in_writing"] = base.filter(status=Status.ANSWERED).count()
    figures["by_department"] = [dict(row) for row in figures["by_department"]]
    # Planning consolidates what the hearing left unanswered (seed strategy).
    figures["unanswered"] = [
        {
            "code": q.tracking_code,
            "text": q.public_text[:200],
            "department": q.department.name if q.department else "",
            "due_on": q.current_due_on.isoformat(),
            "overdue": q.current_due_on < today,
        }
        for q in base.filter(status__in=OPEN_STATUSES)
        .select_related("department")
        .order_by("current_due_on")
    ]
    return figures


def consultations(exercise) -> dict | None:
    """The topic survey (the forum is not built yet: issue 6)."""
    if not apps.is_installed("rinde.consultations"):
        return None

    surveys = list(Survey.objects.filter(exercise=exercise))
    if not surveys:
        return None
    return {
        "surveys": [
            {
                "question": s.question,
                "responses": (data := results(s))["total"],
                "topics": [
                    [o.label, n, pct]
                    for o, n, pct in sorted(data["options"], key=lambda row: -row[1])
                ],
            }
            for s in surveys
        ]
    }


def outreach(exercise) -> dict | None:
    if not apps.is_installed("rinde.outreach"):
        return None

    pieces = list(
        Piece.objects.filter(exercise=exercise)
        .select_related("channel")
        .prefetch_related("audiences")
    )
    if not pieces:
        return None
    _rows, uncovered = coverage.matrix(
        list(Audience.objects.all()), list(Channel.objects.all()), pieces
    )
    return {
        "pieces": len(pieces),
        "published": sum(1 for p in pieces if p.status == "published"),
        "planned_reach": sum(p.planned_reach or 0 for p in pieces),
        "achieved_reach": sum(p.achieved_reach or 0 for p in pieces),
        "cost": int(sum(p.cost or 0 for p in pieces)),
        "uncovered": [a.name for a in uncovered],
        "episodes": exercise.episodes.count(),
    }


def actions(exercise) -> dict | None:
    result = {}
    for action in Action.objects.filter(stage__exercise=exercise).select_related("stage"):
        result.setdefault(action.stage.get_kind_display(), []).append(action)
    return {stage: progress(items) for stage, items in result.items()}


def evaluation(exercise) -> dict | None:
    forms = list(
        EvaluationForm.objects.filter(event__exercise=exercise).prefetch_related("questions")
    )
    if not forms:
        return None
    result = []
    for form in forms:
        answers = list(
            Answer.objects.filter(response__form=form).only("question_id", "choices", "number")
        )
        by_question: dict[int, list] = {}
        for a in answers:
            by_question.setdefault(a.question_id, []).append(a)
        result.append(
            {
                "form": form.title,
                "responses": form.responses.count(),
                "paper": form.responses.filter(channel="paper").count(),
                "questions": [
                    {
                        "code": q.code,
                        "text": q.text,
                        "rows": [
                            [label, count]
                            for _code, label, count in distribution(q, by_question.get(q.pk, []))
                        ],
                        "average": average(q, by_question.get(q.pk, []))
                        if q.kind == "scale"
                        else None,
                    }
                    for q in form.questions.all()
                    if q.kind != "text"
                ],
            }
        )
    return {"forms": result}


SECTIONS = [
    ("registrations", "Inscripciones y asistencia", registrations),
    ("questions", "Preguntas de la ciudadanía", questions),
    ("consultations", "Encuesta de temas", consultations),
    ("evaluation", "Evaluación de la audiencia", evaluation),
    ("outreach", "Difusión", outreach),
    ("actions", "Acciones por etapa del MURC", actions),
]


def collect(exercise) -> dict:
    return {key: fn(exercise) for key, _title, fn in SECTIONS}
