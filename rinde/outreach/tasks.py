from django.tasks import task

from rinde.outreach.bulletins import send_batch


@task
def send_bulletin(bulletin_id: int) -> dict:
    return send_batch(bulletin_id)


@task
def build_archive_zip(export_id: int) -> str:
    from rinde.outreach.archive import build_zip

    return build_zip(export_id).status
