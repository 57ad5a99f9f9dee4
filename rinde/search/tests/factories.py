from datetime import date, timedelta

from django.utils import timezone

from rinde.consultations.models import Forum
from rinde.exercises.models import Document, DocumentKind
from rinde.improvements.models import ImprovementAction, Origin
from rinde.outreach.models import Bulletin
from rinde.questions.models import Answer, AnswerState


def make_bulletin(title: str, body: str = "Texto del boletín.", exercise=None, **fields):
    values = {
        "slug": f"b-{Bulletin.objects.count() + 1}",
        "lead": "Entradilla.",
        "body": body,
        "published_at": timezone.now() - timedelta(hours=1),
        "exercise": exercise,
    }
    values.update(fields)
    return Bulletin.objects.create(title=title, **values)


def make_document(exercise, title: str, summary: str = "<p>Resumen.</p>", **fields):
    values = {
        "kind": DocumentKind.MANAGEMENT_REPORT,
        "date": date(exercise.year, 11, 30),
        "file": "rendicion/documentos/prueba.pdf",
        "sha256": "0" * 64,
        "summary": summary,
        "published_at": timezone.now(),
    }
    values.update(fields)
    return Document.objects.create(exercise=exercise, title=title, **values)


def make_forum(exercise, question: str, **fields):
    now = timezone.now()
    values = {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=10)}
    values.update(fields)
    return Forum.objects.create(exercise=exercise, question=question, **values)


def make_improvement(exercise, department, user, description: str, **fields):
    values = {
        "origin": Origin.OTHER,
        "origin_detail": "Comentarios de la audiencia",
        "department": department,
        "due_on": date(exercise.year + 1, 6, 30),
        "created_by": user,
    }
    values.update(fields)
    return ImprovementAction.objects.create(exercise=exercise, description=description, **values)


def publish_answer(question, user, body: str, state=AnswerState.PUBLISHED):
    return Answer.objects.create(
        question=question,
        version=question.answers.count() + 1,
        body=body,
        state=state,
        drafted_by=user,
        published_at=timezone.now() if state == AnswerState.PUBLISHED else None,
    )
