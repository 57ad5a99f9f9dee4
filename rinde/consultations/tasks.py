from django.tasks import task

from rinde.consultations import confirmation, emails
from rinde.consultations.models import SurveyResponse


@task
def send_survey_confirmation(response_id: int) -> None:
    """The link that makes a survey answer count, off the request."""
    response = (
        SurveyResponse.objects.select_related("survey__exercise")
        .filter(pk=response_id, confirmed_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if response is None:  # confirmed or purged before the worker got to it
        return
    emails.send_answer_confirmation(response, confirmation.link_for(response))
