"""The demo's management report: a real PDF and its HTML version, made from the demo's own
figures (the plan's approved cuts and the exercise's public questions), so the document a
visitor downloads says what the site shows. Runs after the plan and the questions are
loaded (itagui.load); idempotent: the same figures give the same report, replaced in place.

The HTML version is the document's accessible summary (exercises.accessibility): the same
template fragment the PDF is rendered from, so the two cannot disagree."""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from rinde.core import pdf
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Entity
from rinde.exercises import services
from rinde.exercises.models import Document, DocumentKind, Exercise
from rinde.plan import figures
from rinde.plan.models import Plan, PlanFigures
from rinde.questions.figures import question_figures
from rinde.questions.models import Question

TITLE = "Informe de gestión 2023"
AS_OF = date(2023, 12, 31)


def context(exercise: Exercise) -> dict:
    plan = Plan.objects.order_by("start_year").filter(start_year__lte=exercise.year).last()
    row = (
        PlanFigures.objects.filter(plan=plan, scope=figures.PLAN_SCOPE, period__lte=AS_OF)
        .order_by("-period")
        .first()
    )
    overview = figures.overview(plan, row, plan.lines.order_by("code")) if row else None
    public = Question.objects.public().filter(exercise=exercise)
    return {
        "entity": Entity.objects.current(),
        "title": TITLE,
        "plan": plan,
        "as_of": row.period if row else AS_OF,
        "overview": overview,
        "questions": question_figures(public, work_calendar(), timezone.localdate()),
        "generated_at": timezone.now(),
    }


def render(exercise: Exercise) -> tuple[str, bytes]:
    """(the HTML version, the PDF) of the management report."""
    data = context(exercise)
    body = render_to_string("demo/_management_report_body.html", data)
    page = render_to_string("demo/document.html", data)
    return body, pdf.html_to_pdf(page, base_url=settings.SITE_URL)


@transaction.atomic
def load() -> str:
    exercise = Exercise.objects.get(slug="2023")
    document = Document.objects.filter(
        exercise=exercise, kind=DocumentKind.MANAGEMENT_REPORT, title=TITLE, version=1
    ).first()
    if document is None:
        return "Informe de gestión: no está en la demostración."
    summary, pdf = render(exercise)
    document.summary = summary
    document.original_name = document.download_name
    if document.public_file:
        document.public_file.delete(save=False)
    document.file.delete(save=False)
    document.file.save(document.original_name, ContentFile(pdf), save=False)
    document.size, document.sha256 = services.checksum(ContentFile(pdf))
    if document.published_at:
        services.expose_document(document)
    services.prepare_document(document)
    document.save()
    return f"Informe de gestión: PDF de {document.size} bytes con su versión HTML."
