from django.tasks import task

from rinde.core.public_cache import refresh_public_pages
from rinde.entity import work
from rinde.plan import emails, figures, import_services
from rinde.plan.models import ImportJob, Plan, ProgressReport


@task
@work.in_entity_of(Plan, "plan_id", missing=0)
def rebuild_plan_figures(plan_id: int) -> int:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return 0
    written = figures.rebuild(plan)
    refresh_public_pages()  # cached public pages show the new figures
    return written


@task(takes_context=True)
@work.in_entity_of(ImportJob, "job_id", via="plan__entity", missing="")
def validate_import(context, job_id: int) -> str:
    if context.attempt > 1:
        # This task again after its worker died mid-check (core.task_recovery): checking
        # writes nothing but the job, so it starts over (it would skip a job left checking).
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.VALIDATING).update(
            status=ImportJob.Status.QUEUED
        )
    job = import_services.validate_import(ImportJob.objects.get(pk=job_id))
    return job.status


@task
@work.in_entity_of(ImportJob, "job_id", via="plan__entity", missing="")
def apply_import(job_id: int) -> str:
    # Run again after a dead worker as it is: applying is one transaction that marks the
    # job done inside it, so a killed run wrote nothing and the job is still "applying".
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    return import_services.apply_import(job, actor=job.created_by).status


@task
@work.in_entity_of(ProgressReport, "report_id", via="plan__entity", missing=0)
def send_cut_notice(report_id: int, event: str, actor_id: int | None = None) -> int:
    """A cut sent, returned or published, told to whoever acts next (plan.emails)."""
    report = (
        ProgressReport.objects.select_related("department", "created_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    return emails.send_cut_notice(report, event, actor_id=actor_id)
