from django.tasks import task

from rinde.consultations import confirmation, emails
from rinde.consultations.models import SurveyResponse
from rinde.core import mail_retry
from rinde.entity import work


@task
@work.in_entity_of(SurveyResponse, "response_id")
def send_survey_confirmation(response_id: int, failures: int = 0) -> None:
    """The link that makes a survey answer count, off the request; tried again later when
    the mail server refuses or is silent (core.mail_retry.BACKOFF)."""
    response = (
        SurveyResponse.objects.select_related("survey__exercise")
        .filter(pk=response_id, confirmed_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if response is None:  # confirmed or purged before the worker got to it
        return
    try:
        emails.send_answer_confirmation(response, confirmation.link_for(response))
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_survey_confirmation, response_id, failures=failures, error=error
        ):
            raise
