from django.tasks import task

from rinde.outreach.bulletins import send_batch


@task(takes_context=True)
def send_bulletin(context, bulletin_id: int) -> dict:
    # The result's id and run number: a second run is this task after its worker died.
    return send_batch(bulletin_id, run_id=str(context.task_result.id), attempt=context.attempt)


@task(takes_context=True)
def build_archive_zip(context, export_id: int) -> str:
    from rinde.outreach.archive import build_zip, requeue_interrupted

    if context.attempt > 1:  # its worker died while building: start again from scratch
        requeue_interrupted(export_id)
    return build_zip(export_id).status
