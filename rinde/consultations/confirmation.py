"""The e-mail link that makes a survey answer count (a survey that asks for one): signed,
naming the answer, valid for MAX_AGE."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from rinde.consultations.models import SurveyResponse
from rinde.entity import work

SALT = "rinde.survey.confirm"
MAX_AGE = timedelta(days=7)


def link_for(response: SurveyResponse) -> str:
    token = signing.dumps(response.pk, salt=SALT)
    path = reverse("consultations:confirm", args=[response.survey.exercise.slug, token])
    return work.site_url() + path


def response_for(token: str) -> SurveyResponse | None:
    """The answer a link names, or None for a link we did not sign, one older than
    MAX_AGE, or one whose answer was purged."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    return SurveyResponse.objects.select_related("survey__exercise").filter(pk=pk).first()
