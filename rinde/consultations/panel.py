"""Setting up a survey and a forum from the panel: the rules and the audited changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.consultations.models import Forum, Survey, SurveyOption
from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.plan.models import Plan, StrategicLine

SURVEY_ROLES = (Role.COMMUNICATIONS, Role.PLANNING)
FORUM_ROLES = (Role.COMMUNICATIONS,)


def _require(actor, roles) -> None:
    if not permissions.has_role(actor, *roles):
        raise PermissionDenied("role")


def plan_line_names() -> list[str]:
    """The strategic lines of the plan in force: the usual topics of a new survey."""
    return list(
        StrategicLine.objects.filter(plan__in=Plan.objects.filter(is_current=True))
        .order_by("plan_id", "code")
        .values_list("name", flat=True)
    )


def answered_topics_missing(survey: Survey, labels: list[str]) -> list[str]:
    """The topics with answers that `labels` would remove (or rename): results already
    counted under a topic must keep meaning what people chose."""
    wanted = set(labels)
    answered = survey.options.annotate(n=Count("responses")).filter(n__gt=0)
    return [o.label for o in answered if o.label not in wanted]


def _set_topics(survey: Survey, labels: list[str]) -> None:
    missing = answered_topics_missing(survey, labels)
    if missing:
        raise ValidationError(_("Un tema con respuestas no se puede quitar."))
    lines = {}
    for line in StrategicLine.objects.filter(
        plan__in=Plan.objects.filter(is_current=True)
    ).order_by("-plan_id"):
        lines.setdefault(line.name.casefold(), line)
    existing = {o.label: o for o in survey.options.all()}
    for order, label in enumerate(labels, start=1):
        option = existing.pop(label, None) or SurveyOption(survey=survey, label=label)
        option.order = order
        option.line = lines.get(label.casefold(), option.line)
        option.save()
    SurveyOption.objects.filter(pk__in=[o.pk for o in existing.values()]).delete()


@transaction.atomic
def save_survey(
    survey: Survey, values: dict, *, topics: list[str] | None, actor, request=None
) -> Survey:
    """Create a survey (`survey` unsaved) or change one with the values
    SurveyForm.survey_values() names, and set its topics (`topics`, in order; None leaves
    them as they are). The topics are options, not a field of the survey, so the entry is
    written here rather than by audit.save_changes: each changed field and the topics as
    [before, after] (every field from None on creation)."""
    _require(actor, SURVEY_ROLES)
    created = survey.pk is None
    # From the database, locked: a validated ModelForm has already set its values on `survey`.
    stored = None if created else Survey.objects.select_for_update().get(pk=survey.pk)
    before = {} if stored is None else {field: getattr(stored, field) for field in values}
    survey = survey if stored is None else stored
    for field, value in values.items():
        setattr(survey, field, value)
    survey.save()
    changes = audit.diff(before, values)
    if topics is not None:
        labels_before = [] if created else [o.label for o in survey.options.order_by("order")]
        _set_topics(survey, topics)
        if topics != labels_before:
            changes["topics"] = [labels_before, topics]
    audit.record(
        actor=actor,
        action=f"consultations.survey.{'create' if created else 'update'}",
        target=survey,
        changes=changes,
        request=request,
    )
    refresh_public_pages()
    return survey


@transaction.atomic
def delete_survey(survey: Survey, *, actor, request=None) -> None:
    _require(actor, SURVEY_ROLES)
    if survey.responses.exists():
        raise ValidationError(_("La encuesta ya tiene respuestas: no se puede eliminar."))
    audit.record(
        actor=actor,
        action="consultations.survey.delete",
        target=survey,
        changes={"exercise": survey.exercise.slug, "question": survey.question},
        request=request,
    )
    survey.delete()
    refresh_public_pages()


@transaction.atomic
def save_forum(forum: Forum, values: dict, *, actor, request=None) -> Forum:
    """Create a forum (`forum` unsaved) or change one with the values
    ForumForm.forum_values() names; audited by audit.save_changes."""
    _require(actor, FORUM_ROLES)
    created = forum.pk is None
    audit.save_changes(
        forum,
        values,
        actor=actor,
        action=f"consultations.forum.{'create' if created else 'update'}",
        request=request,
    )
    refresh_public_pages()  # the cached forum page shows the new question or dates
    return forum


@transaction.atomic
def delete_forum(forum: Forum, *, actor, request=None) -> None:
    _require(actor, FORUM_ROLES)
    if forum.comments.exists():
        raise ValidationError(_("El foro ya tiene comentarios: no se puede eliminar."))
    audit.record(
        actor=actor,
        action="consultations.forum.delete",
        target=forum,
        changes={"exercise": forum.exercise.slug, "question": forum.question},
        request=request,
    )
    forum.delete()
    refresh_public_pages()
