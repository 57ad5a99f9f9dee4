"""The figures /entidades/ compares, computed per entity from what each has published
(docs/tenancy.md, step 10). They are stored (models.EntityFigures) so that the page reads
one small table whatever the number of entities and the size of their data.

Each entity's rows are selected by their own `entity` key (Exercise, Plan): this is the
host's work across entities, so nothing here depends on the request's entity."""

import logging

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from rinde.entity import scoping
from rinde.entity.models import Entity
from rinde.evaluation.models import EvaluationReport
from rinde.exercises.models import Event, EventKind, Exercise
from rinde.hosting.models import EntityFigures
from rinde.plan.dashboard import published_periods
from rinde.plan.figures import PLAN_SCOPE
from rinde.plan.models import Plan, PlanFigures
from rinde.questions.models import CLOSED_ANSWERED, Question

logger = logging.getLogger(__name__)


def compute(entity: Entity, now) -> dict:
    """{EntityFigures field: value} for `entity` at `now`."""
    values: dict = {"computed_at": now}
    values.update(_exercise_figures(entity, now))
    values.update(_plan_figures(entity))
    return values


def _exercise_figures(entity: Entity, now) -> dict:
    exercise = (
        Exercise.objects.filter(entity=entity, is_published=True).order_by("-year", "pk").first()
    )
    if exercise is None:
        return {
            "exercise_title": "",
            "exercise_slug": "",
            "questions_received": 0,
            "questions_answered": 0,
            "questions_on_time": 0,
            "hearing_on": None,
            "evaluation_published_on": None,
        }
    answered = Q(status__in=CLOSED_ANSWERED)
    counts = (
        Question.objects.public()
        .filter(exercise=exercise)
        .aggregate(
            received=Count("pk"),
            answered=Count("pk", filter=answered),
            on_time=Count("pk", filter=answered & Q(answered_on__lte=F("current_due_on"))),
        )
    )
    hearing = (
        Event.objects.filter(exercise=exercise, kind=EventKind.HEARING, starts_at__lte=now)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    published = (
        EvaluationReport.objects.filter(
            exercise=exercise, state=EvaluationReport.State.PUBLISHED, published_at__isnull=False
        )
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return {
        "exercise_title": exercise.title,
        "exercise_slug": exercise.slug,
        "questions_received": counts["received"],
        "questions_answered": counts["answered"],
        "questions_on_time": counts["on_time"],
        "hearing_on": timezone.localdate(hearing) if hearing else None,
        "evaluation_published_on": timezone.localdate(published) if published else None,
    }


def _plan_figures(entity: Entity) -> dict:
    plan = Plan.objects.filter(entity=entity, is_current=True).first()
    periods = published_periods(plan) if plan is not None else []
    row = None
    if periods:
        row = (
            PlanFigures.objects.filter(plan=plan, scope=PLAN_SCOPE, period__lte=periods[-1])
            .order_by("-period")
            .only("progress", "period")
            .first()
        )
    return {
        "plan_name": plan.name if plan is not None else "",
        "plan_progress": row.progress if row is not None else None,
        "plan_period": row.period if row is not None else None,
    }


def refresh(now=None) -> int:
    """Recompute and store every entity's figures; returns how many entities. One
    entity's figures are written whole or not at all, each computed with that entity
    active (the scoped managers read its rows only); an entity whose figures fail is
    logged and keeps its last ones, and the others are refreshed all the same."""
    now = now or timezone.now()
    count = 0
    for entity in Entity.objects.order_by("pk").iterator():
        try:
            with scoping.activate(entity), transaction.atomic():
                EntityFigures.objects.update_or_create(entity=entity, defaults=compute(entity, now))
        except Exception:
            logger.exception("entity figures not refreshed", extra={"entity": entity.pk})
            continue
        count += 1
    return count
