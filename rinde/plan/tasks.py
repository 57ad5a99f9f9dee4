from django.tasks import task

from rinde.core.public_cache import bump_site_version
from rinde.plan import emails, figures, import_services
from rinde.plan.models import ImportJob, Plan, ProgressReport


@task
def rebuild_plan_figures(plan_id: int) -> int:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return 0
    written = figures.rebuild(plan)
    bump_site_version()  # cached public pages show the new figures
    return written


@task
def validate_import(job_id: int) -> str:
    job = import_services.validate_import(ImportJob.objects.get(pk=job_id))
    return job.status


@task
def apply_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    return import_services.apply_import(job, actor=job.created_by).status


@task
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
