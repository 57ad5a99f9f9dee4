from django.tasks import task

from rinde.outreach.bulletins import send_queued


@task
def send_bulletin(bulletin_id: int) -> dict:
    return send_queued(bulletin_id)
