"""The reports' stored PDFs as a request serves them, asking the worker for a new one when
what the report shows has changed (the worker's half: reporting.render_and_store_pdf,
quarterly.render_and_store_pdf). Apart from those modules because the tasks import them:
this one imports the tasks, and no module imports the other back."""

from django.utils import timezone

from rinde.entity.models import entity_of_new_row
from rinde.exercises.models import Exercise
from rinde.questions import quarterly, reporting, tasks
from rinde.questions.models import AnswersReportPdf, QuarterlyReportPdf


def answers_report_pdf(exercise: Exercise) -> AnswersReportPdf:
    """The exercise's stored PDF, fresh or not; when it is not, the worker is asked once to
    render it again (the caller serves the stored file meanwhile)."""
    current = reporting.fingerprint(exercise)
    pdf, _created = AnswersReportPdf.objects.get_or_create(exercise=exercise)
    if pdf.fingerprint == current:
        return pdf
    now = timezone.now()
    # One conditional UPDATE: of many simultaneous requests, one asks the worker.
    asked = (
        AnswersReportPdf.objects.filter(pk=pdf.pk)
        .exclude(requested_fingerprint=current, requested_at__gte=now - reporting.RETRY_AFTER)
        .update(requested_fingerprint=current, requested_at=now)
    )
    if asked:  # a GET, outside any transaction: nothing to wait for
        tasks.render_answers_report_pdf.enqueue(exercise.pk, current)
    pdf.refresh_from_db()
    return pdf


def quarterly_report_pdf(quarter: quarterly.Quarter, data: dict) -> QuarterlyReportPdf:
    """The quarter's stored PDF, current or not; when it does not show `data`, the worker is
    asked once to render it (the caller serves the stored one meanwhile, or says it is being
    prepared)."""
    current = quarterly.fingerprint(data)
    entity_id = entity_of_new_row()
    if entity_id is None:
        # Before the first-run set-up: no entity to keep a PDF for (an empty one, which
        # the page answers as not ready).
        return QuarterlyReportPdf(year=quarter.year, quarter=quarter.number)
    # One PDF per quarter and entity (QuarterlyReportPdf's constraint).
    pdf, _created = QuarterlyReportPdf.objects.get_or_create(
        entity_id=entity_id, year=quarter.year, quarter=quarter.number
    )
    if pdf.fingerprint == current:
        return pdf
    now = timezone.now()
    # One conditional UPDATE: of many simultaneous requests, one asks the worker.
    asked = (
        QuarterlyReportPdf.objects.filter(pk=pdf.pk)
        .exclude(requested_fingerprint=current, requested_at__gte=now - quarterly.PDF_RETRY_AFTER)
        .update(requested_fingerprint=current, requested_at=now)
    )
    if asked:
        tasks.render_quarterly_pdf.enqueue(
            quarter.year, quarter.number, current, entity_id=entity_id
        )
    pdf.refresh_from_db()
    return pdf
