from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from rinde.consultations.models import SurveyResponse


def submit_survey_answer(survey, *, data: dict, user=None, now=None) -> SurveyResponse:
    """One answer, whole or not at all, only while the survey is open."""
    if not survey.is_open(now):
        raise ValidationError("La encuesta no está abierta.")
    valid = {str(o.pk): o for o in survey.options.all()}
    chosen = [valid[pk] for pk in data.get("options", []) if pk in valid]
    group = data.get("population_group") or ""
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                other_text=(data.get("other_text") or "").strip(),
                age_range=data.get("age_range") or "",
                territory=data.get("territory"),
                participant_kind=data.get("participant_kind") or "",
                population_group=group,
                sensitive_authorized_at=timezone.now() if group else None,
                user=user if user is not None and user.is_authenticated else None,
            )
            response.options.set(chosen)
    except IntegrityError:
        raise ValidationError("Usted ya respondió esta encuesta con su cuenta.") from None
    return response


def results(survey) -> dict:
    """Counts and shares per option, and per option by profile (few queries, any size)."""
    total = survey.responses.count()
    options = list(survey.options.annotate(n=Count("responses")).order_by("order"))
    through = SurveyResponse.options.through
    by_profile = {}
    for field in ("age_range", "participant_kind", "territory__name", "population_group"):
        rows = (
            through.objects.filter(surveyresponse__survey=survey)
            .exclude(**{f"surveyresponse__{field}__in": ["", None]})
            .values_list("surveyoption_id", f"surveyresponse__{field}")
            .annotate(n=Count("pk"))
        )
        table: dict = {}
        for option_id, value, n in rows:
            table.setdefault(value, {})[option_id] = n
        by_profile[field] = table
    return {
        "total": total,
        "options": [(o, o.n, round(100 * o.n / total) if total else 0) for o in options],
        "by_profile": by_profile,
    }
