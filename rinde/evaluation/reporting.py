"""The evaluation report's PDF: the same template as its page, rendered by WeasyPrint and
stored as a published document of the exercise (type "evaluation report")."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from rinde.core import pdf
from rinde.entity.models import Entity
from rinde.evaluation.figures import SECTIONS
from rinde.evaluation.models import EvaluationReport
from rinde.exercises.models import Document, DocumentKind
from rinde.exercises.services import checksum, expose_document, prepare_document


def context_for(report: EvaluationReport) -> dict:
    return {
        "report": report,
        "exercise": report.exercise,
        "entity": Entity.objects.current(),
        "sections": [
            (key, title, report.figures.get(key), report.narrative.get(key, ""))
            for key, title, _fn in SECTIONS
        ],
        "intro": report.narrative.get("intro", ""),
    }


def render_pdf(report: EvaluationReport) -> bytes:
    html = render_to_string("evaluation/report_print.html", context_for(report))
    return pdf.html_to_pdf(html, base_url=settings.SITE_URL)


def render_and_attach_pdf(report_id: int) -> None:
    report = EvaluationReport.objects.select_related("exercise").get(pk=report_id)
    EvaluationReport.objects.filter(pk=report_id).update(pdf_status="rendering")
    try:
        content = ContentFile(
            render_pdf(report),
            name=f"informe-evaluacion-{report.exercise.year}-v{report.version}.pdf",
        )
    except Exception:
        EvaluationReport.objects.filter(pk=report_id).update(pdf_status="failed")
        raise
    size, digest = checksum(content)
    with transaction.atomic():
        previous = Document.objects.filter(
            exercise=report.exercise, kind=DocumentKind.EVALUATION_REPORT, replaced_by__isnull=True
        ).first()
        document = Document(
            exercise=report.exercise,
            kind=DocumentKind.EVALUATION_REPORT,
            title=f"Informe de evaluación de la rendición de cuentas {report.exercise.year}",
            date=timezone.localdate(report.published_at),
            summary=f"<p>{escape(report.narrative.get('intro', ''))}</p>",
            size=size,
            sha256=digest,
            version=(previous.version + 1) if previous else 1,
            replaces=previous,
            published_at=report.published_at,
        )
        document.original_name = content.name
        document.file.save(content.name, content, save=False)
        if document.published_at:
            expose_document(document)
        prepare_document(document)
        document.save()
        EvaluationReport.objects.filter(pk=report_id).update(document=document, pdf_status="done")
