from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from rinde.consultations import confirmation, tasks
from rinde.consultations.models import Survey, SurveyResponse
from rinde.core import charts
from rinde.core.antispam import spend_form_token
from rinde.core.privacy import SURVEY_EMAIL_AUTHORIZATION_VERSION


def submit_survey_answer(
    survey, *, data: dict, user=None, now=None, form_token: str = ""
) -> SurveyResponse:
    """One answer, whole or not at all, only while the survey is open, with its form's
    start token spent (antispam.spend_form_token). When the survey counts one answer per
    confirmed e-mail, the answer waits for its link (send_survey_confirmation, after the
    commit) and counts from confirm_survey_answer on. Whether that address already has a
    confirmed answer is said only at its link, to whoever reads that mailbox: saying it
    here would tell anyone who types an address whether its owner took part. A link still
    waiting for that address is said here, and no second e-mail is sent: it tells only that
    someone typed the address this week (_refuse_while_a_link_is_pending)."""
    if not survey.is_open(now):
        raise ValidationError(_("La encuesta no está abierta."))
    valid = {str(o.pk): o for o in survey.options.all()}
    chosen = [valid[pk] for pk in data.get("options", []) if pk in valid]
    group = data.get("population_group") or ""
    email = (data.get("email") or "").strip() if survey.requires_verified_email else ""
    if survey.requires_verified_email and not email:
        raise ValidationError(_("Escriba su correo para confirmar su respuesta."))
    digest = email_digest(email) if email else ""
    try:
        with transaction.atomic():
            if form_token:
                spend_form_token(form_token)
            if email:
                _refuse_while_a_link_is_pending(survey, digest, now=now)
            response = SurveyResponse.objects.create(
                **entity_from_exercise(survey),
                survey=survey,
                other_text=(data.get("other_text") or "").strip(),
                age_range=data.get("age_range") or "",
                territory=data.get("territory"),
                participant_kind=data.get("participant_kind") or "",
                population_group=group,
                sensitive_authorized_at=timezone.now() if group else None,
                user=user if user is not None and user.is_authenticated else None,
                confirmed_at=None if email else timezone.now(),
                email=email,
                email_digest=digest,
                email_authorized_at=timezone.now() if email else None,
                email_authorization_version=SURVEY_EMAIL_AUTHORIZATION_VERSION if email else "",
            )
            response.options.set(chosen)
            if email:
                transaction.on_commit(
                    partial(tasks.send_survey_confirmation.enqueue, response.pk), robust=True
                )
    except IntegrityError:
        raise ValidationError(_("Usted ya respondió esta encuesta con su cuenta.")) from None
    return response


def entity_from_exercise(parent) -> dict:
    """The entity key of a row created under `parent` (a survey or a forum): its exercise's
    entity when the exercise came loaded with it (the public views select it), which costs
    no query; else nothing, and the key's default (the request's entity) applies."""
    exercise_field = type(parent).exercise
    if exercise_field.is_cached(parent):
        return {"entity_id": parent.exercise.entity_id}
    return {}


def _refuse_while_a_link_is_pending(survey, digest: str, *, now=None) -> None:
    """One confirmation e-mail at a time per address and survey: while a link sent to it is
    unconfirmed and unexpired, another answer with that address sends nothing. Without
    this, anyone could have Rinde mail a third party's inbox once per form post. The
    survey's row is locked first so two concurrent answers for the same address cannot
    both see no pending link (a lock per survey: few answers ask for an e-mail, each bounded
    by the "survey-mail" rate limit)."""
    list(Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk", flat=True))
    cutoff = (now or timezone.now()) - confirmation.MAX_AGE
    pending = SurveyResponse.objects.filter(
        survey=survey, email_digest=digest, confirmed_at__isnull=True, created_at__gte=cutoff
    )
    if pending.exists():
        raise ValidationError(
            _(
                "Ya le enviamos un enlace a ese correo; revise su bandeja de entrada y la de "
                "correo no deseado, y confirme su respuesta desde allí. Mientras ese enlace "
                "siga vigente no enviamos otro."
            ),
            code="link_pending",
        )


def email_digest(email: str) -> str:
    """A keyed digest of an address (case folded): one answer per address can be counted
    without keeping the address."""
    return salted_hmac(
        "rinde.survey.email", email.strip().casefold(), algorithm="sha256"
    ).hexdigest()


def confirm_survey_answer(response: SurveyResponse, *, now=None) -> bool:
    """Count an answer from its e-mail link, once per address and survey; False when it
    was confirmed already. The address is erased: it was kept only to send the link."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
            if response.confirmed_at is not None:
                return False
            if not response.survey.is_open(now):
                raise ValidationError(
                    _("La encuesta ya cerró: su respuesta no alcanzó a confirmarse.")
                )
            response.confirmed_at = now
            response.email = ""
            response.save(update_fields=["confirmed_at", "email"])
    except IntegrityError:
        # Another answer with this address was confirmed first (survey_once_per_email).
        raise ValidationError(
            _(
                "Ya había una respuesta confirmada con este correo. Cuenta una respuesta por "
                "persona, así que esta no se suma."
            )
        ) from None
    return True


def purge_unconfirmed_answers(now=None) -> int:
    """Drop answers whose link expired unconfirmed: they never count, and they hold an
    e-mail address (housekeeping)."""
    cutoff = (now or timezone.now()) - confirmation.MAX_AGE
    deleted, _by_model = SurveyResponse.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


def results(survey) -> dict:
    """Counts and shares per option, and per option by profile (few queries, any size)."""
    total = survey.responses.counted().count()
    options = list(
        survey.options.annotate(
            n=Count("responses", filter=Q(responses__confirmed_at__isnull=False))
        ).order_by("order")
    )
    through = SurveyResponse.options.through
    by_profile = {}
    for field in ("age_range", "participant_kind", "territory__name", "population_group"):
        rows = (
            through.objects.filter(
                surveyresponse__survey=survey, surveyresponse__confirmed_at__isnull=False
            )
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
        "options": [(o, o.n, charts.share(o.n, total)) for o in options],
        "by_profile": by_profile,
    }
