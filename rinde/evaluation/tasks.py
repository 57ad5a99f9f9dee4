from django.tasks import task

from rinde.entity import work
from rinde.evaluation import reporting
from rinde.evaluation.models import EvaluationReport


@task(takes_context=True)
@work.in_entity_of(EvaluationReport, "report_id", via="exercise__entity")
def render_report_pdf(context, report_id: int) -> None:
    # This task again after its worker died (core.task_recovery): when the dead run had
    # committed its document, rendering again would publish a second version of it.
    if (
        context.attempt > 1
        and EvaluationReport.objects.filter(
            pk=report_id, pdf_status="done", document__isnull=False
        ).exists()
    ):
        return
    reporting.render_and_attach_pdf(report_id)
