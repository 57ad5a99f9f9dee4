from django.tasks import task

from rinde.evaluation import reporting


@task
def render_report_pdf(report_id: int) -> None:
    reporting.render_and_attach_pdf(report_id)
