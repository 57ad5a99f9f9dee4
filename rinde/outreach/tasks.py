from django.tasks import task

from rinde.core import delivery
from rinde.entity import work
from rinde.outreach import archive_zip, outbox
from rinde.outreach.models import ArchiveExport, Bulletin


@task(takes_context=True)
@work.in_entity_of(Bulletin, "bulletin_id", missing={})
def send_bulletin(context, bulletin_id: int) -> dict:
    # The result's id and run number: a second run is this task after its worker died.
    result = outbox.send_batch(
        bulletin_id, run_id=str(context.task_result.id), attempt=context.attempt
    )
    delivery.queue_follow_up(outbox.OUTBOX, bulletin_id, send_bulletin)
    return result


@task(takes_context=True)
@work.in_entity_of(ArchiveExport, "export_id", via="exercise__entity", missing="")
def build_archive_zip(context, export_id: int) -> str:
    if context.attempt > 1:  # its worker died while building: start again from scratch
        archive_zip.requeue_interrupted(export_id)
    return archive_zip.build_zip(export_id).status
