from django.tasks import task

from rinde.plan import import_services
from rinde.plan.models import ImportJob


@task
def validate_import(job_id: int) -> str:
    job = import_services.validate_import(ImportJob.objects.get(pk=job_id))
    return job.status


@task
def apply_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    return import_services.apply_import(job, actor=job.created_by).status
