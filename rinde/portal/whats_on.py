"""What the home page shows of the year-round process: what citizens can do now (answer the
survey, comment in the forum, ask before the next hearing, evaluate it), what is coming and
the latest published figures. A fixed number of queries however many exercises there are."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from rinde.consultations.models import Forum, Survey
from rinde.evaluation.models import EvaluationForm, EvaluationReport
from rinde.exercises.models import Event, EventKind, Exercise


@dataclass(frozen=True)
class Step:
    """One thing a citizen can do, with its window."""

    title: str
    exercise: Exercise
    url: str
    opens_at: datetime
    closes_at: datetime
    # Further links: (label, url), e.g. "ask a question" and "register" beside a hearing.
    links: tuple[tuple[str, str], ...] = ()
    # A hearing's own start: it is open for questions and registrations before it.
    starts_at: datetime | None = None


def steps(now: datetime) -> tuple[list[Step], list[Step]]:
    """(open now, coming), each in date order, from published exercises only."""
    found = _surveys(now) + _forums(now) + _hearings(now) + _evaluations(now)
    open_now = sorted((s for s in found if s.opens_at <= now), key=lambda s: s.closes_at)
    coming = sorted((s for s in found if s.opens_at > now), key=lambda s: s.opens_at)
    return open_now, coming


def _surveys(now) -> list[Step]:
    rows = Survey.objects.filter(
        exercise__in=Exercise.objects.published(), closes_at__gt=now
    ).select_related("exercise")
    return [
        Step(
            _("Encuesta: %(question)s") % {"question": s.question},
            s.exercise,
            reverse("consultations:survey", args=[s.exercise.slug]),
            s.opens_at,
            s.closes_at,
        )
        for s in rows
    ]


def _forums(now) -> list[Step]:
    rows = Forum.objects.filter(
        exercise__in=Exercise.objects.published(), closes_at__gt=now
    ).select_related("exercise")
    return [
        Step(
            _("Foro: %(question)s") % {"question": f.question},
            f.exercise,
            reverse("consultations:forum", args=[f.exercise.slug]),
            f.opens_at,
            f.closes_at,
        )
        for f in rows
    ]


def _hearings(now) -> list[Step]:
    """A hearing is open for questions and registrations from now until it ends."""
    rows = Event.objects.filter(
        exercise__in=Exercise.objects.published(), kind=EventKind.HEARING, ends_at__gt=now
    ).select_related("exercise")
    steps = []
    for event in rows:
        slug = event.exercise.slug
        links = [(_("Hacer una pregunta"), reverse("questions:ask", args=[slug]))]
        if event.starts_at <= now:
            links.insert(0, (_("Ver en vivo"), reverse("questions:live", args=[slug])))
        else:
            links.append(
                (
                    _("Inscribirme para asistir"),
                    reverse("exercises:register", args=[slug, event.pk, "asistir"]),
                )
            )
        steps.append(
            Step(
                event.title,
                event.exercise,
                reverse("exercises:event", args=[slug, event.pk]),
                now,
                event.ends_at,
                tuple(links),
                starts_at=event.starts_at,
            )
        )
    return steps


def _evaluations(now) -> list[Step]:
    rows = EvaluationForm.objects.filter(
        event__exercise__in=Exercise.objects.published(), closes_at__gt=now
    ).select_related("event__exercise")
    return [
        Step(
            _("Evaluación: %(event)s") % {"event": f.event.title},
            f.event.exercise,
            reverse("evaluation:answer", args=[f.event.exercise.slug]),
            f.opens_at,
            f.closes_at,
        )
        for f in rows
    ]


def latest_figures() -> EvaluationReport | None:
    """The latest published evaluation report: its figures are frozen when it is published."""
    return (
        EvaluationReport.objects.filter(
            state=EvaluationReport.State.PUBLISHED, exercise__in=Exercise.objects.published()
        )
        .select_related("exercise")
        .order_by("-published_at", "-pk")
        .first()
    )
