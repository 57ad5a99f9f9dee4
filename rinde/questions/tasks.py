from django.tasks import task
from django.utils import timezone

from rinde.questions.digest import send_daily_digests


@task
def send_question_digests() -> int:
    return send_daily_digests(timezone.localdate())
