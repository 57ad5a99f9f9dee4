"""What the law and the entity's strategy require of an exercise, and by when.

From the exercise's year and its hearing, each duty gets a due date; from the published
documents (and the questions and evaluation report of the exercise), whether and when it
was met. Sources and how sure we are: /work/shared/docs/legal.md. The terms marked [U]
there are settings with a default, shown with their source to the staff who rely on them.
Pure rules over rows the caller loaded: `duties()` runs no query."""

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.entity.calendar import work_calendar
from rinde.evaluation.models import EvaluationReport
from rinde.exercises.models import DocumentKind, EventKind, PlanningInstrument
from rinde.questions.models import OPEN_STATUSES, Question


class State:
    DONE = "done"
    LATE = "late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    PENDING = "pending"
    UNKNOWN = "unknown"


STATE_LABELS = {
    State.DONE: _("Cumplido"),
    State.LATE: _("Cumplido fuera de término"),
    State.OVERDUE: _("Vencido"),
    State.DUE_SOON: _("Vence pronto"),
    State.PENDING: _("Pendiente"),
    State.UNKNOWN: _("Sin fecha: falta programar la audiencia"),
}


@dataclass(frozen=True)
class Duty:
    key: str
    label: str
    source: str
    due_on: date | None
    done_on: date | None
    state: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def needs_attention(self) -> bool:
        return self.state in (State.OVERDUE, State.DUE_SOON)


def report_days_before_hearing() -> int:
    # Legal.md [U]: the management report public 30 days before the hearing.
    return getattr(settings, "RINDE_REPORT_DAYS_BEFORE_HEARING", 30)


def warning_days() -> int:
    """How many days ahead staff are warned of a due date."""
    return getattr(settings, "RINDE_DUTY_WARNING_DAYS", 10)


def answer_business_days() -> int:
    # Ley 1755 de 2015 art. 14: a petition within 15 business days, counted from the day
    # after receipt; a question raised at the hearing is received on the hearing's day.
    return getattr(settings, "RINDE_HEARING_ANSWER_BUSINESS_DAYS", 15)


def add_one_month(day: date, work_calendar) -> date:
    """Ley 4 de 1913 art. 62: a term in months runs on the calendar and, ending on a
    non-business day, moves to the next business day."""
    month = day.month % 12 + 1
    year = day.year + (1 if day.month == 12 else 0)
    last = month_calendar.monthrange(year, month)[1]
    return work_calendar.on_or_after(date(year, month, min(day.day, last)))


def _state(due_on: date | None, done_on: date | None, today: date) -> str:
    if done_on is not None:
        return State.DONE if due_on is None or done_on <= due_on else State.LATE
    if due_on is None:
        return State.UNKNOWN
    if today > due_on:
        return State.OVERDUE
    if (due_on - today).days <= warning_days():
        return State.DUE_SOON
    return State.PENDING


def _first_published(documents, kind) -> date | None:
    days = [
        timezone.localdate(d.published_at) for d in documents if d.kind == kind and d.published_at
    ]
    return min(days) if days else None


def duties(
    exercise,
    *,
    events,
    documents,
    today: date,
    work_calendar,
    questions_answered_on: date | None = None,
    evaluation_published_on: date | None = None,
) -> list[Duty]:
    """The legal checklist of `exercise`. `events` and `documents` are its rows (documents
    may include drafts: only published ones count); `questions_answered_on` is the day the
    last of its citizens' questions was answered when none is left open (None otherwise);
    `evaluation_published_on` the day its evaluation report was published, if it was."""
    hearings = sorted((e for e in events if e.kind == EventKind.HEARING), key=lambda e: e.starts_at)
    hearing = hearings[0] if hearings else None
    hearing_day = timezone.localdate(hearing.starts_at) if hearing else None
    now = timezone.now()
    instrument = exercise.planning_instrument
    if instrument == PlanningInstrument.PTEP:
        strategy_source = _(
            "Ley 1757 de 2015 art. 52; Ley 2195 de 2022 art. 31 y Decreto 1122 de 2024 (PTEP)"
        )
    else:
        strategy_source = _("Ley 1757 de 2015 art. 52; Ley 1474 de 2011 art. 73 (PAAC)")

    rows = []

    def add(key, label, source, due_on, done_on):
        rows.append(
            Duty(key, str(label), str(source), due_on, done_on, _state(due_on, done_on, today))
        )

    add(
        "strategy",
        _("Publicar la estrategia de rendición de cuentas en el %(instrument)s")
        % {"instrument": exercise.instrument_short},
        strategy_source,
        date(exercise.year, 1, 31),
        _first_published(documents, DocumentKind.STRATEGY),
    )
    days = report_days_before_hearing()
    add(
        "management_report",
        _("Publicar el informe de gestión con %(days)s días de anticipación a la audiencia")
        % {"days": days},
        _("Manual Único de Rendición de Cuentas; término por defecto de la entidad"),
        hearing_day - timedelta(days=days) if hearing_day else None,
        _first_published(documents, DocumentKind.MANAGEMENT_REPORT),
    )
    add(
        "hearing",
        _("Realizar la audiencia pública participativa (al menos una vez al año)"),
        _("Ley 1757 de 2015 art. 55"),
        hearing_day or date(exercise.year, 12, 31),
        hearing_day if hearing and hearing.ends_at <= now else None,
    )
    answers_due = (
        work_calendar.add_business_days(hearing_day, answer_business_days())
        if hearing_day
        else None
    )
    answers_done = _first_published(documents, DocumentKind.ANSWERS_REPORT)
    if answers_done is None and hearing and hearing.ends_at <= now:
        answers_done = questions_answered_on
    add(
        "answers",
        _("Responder por escrito y publicar las preguntas de la ciudadanía (%(days)s días hábiles)")
        % {"days": answer_business_days()},
        _("Ley 1755 de 2015 art. 14"),
        answers_due,
        answers_done,
    )
    evaluation_done = _first_published(documents, DocumentKind.EVALUATION_REPORT)
    if evaluation_published_on and (
        evaluation_done is None or evaluation_published_on < evaluation_done
    ):
        evaluation_done = evaluation_published_on
    add(
        "evaluation_report",
        _("Publicar el informe de evaluación (un mes después de la audiencia)"),
        _("Manual Único de Rendición de Cuentas; Ley 4 de 1913 art. 62 para contar el mes"),
        add_one_month(hearing_day, work_calendar) if hearing_day else None,
        evaluation_done,
    )
    return rows


def facts_from_other_apps(exercise_ids) -> dict[int, tuple[date | None, date | None]]:
    """{exercise id: (day its last question was answered when none is left open, day its
    evaluation report was first published)}, in two queries whatever the number of ids."""
    answered = {
        row["exercise"]: row["last"] if not row["open"] else None
        for row in Question.objects.filter(exercise__in=exercise_ids)
        .values("exercise")
        .annotate(open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), last=Max("answered_on"))
        .order_by()
    }
    evaluated = {
        row["exercise"]: timezone.localdate(row["first"])
        for row in EvaluationReport.objects.filter(
            exercise__in=exercise_ids, published_at__isnull=False
        )
        .values("exercise")
        .annotate(first=Min("published_at"))
        .order_by()
    }
    return {pk: (answered.get(pk), evaluated.get(pk)) for pk in exercise_ids}


def load_duties(exercise, *, events, documents, today: date, facts=None) -> list[Duty]:
    """duties() with what it needs from the other apps (`facts`, from
    facts_from_other_apps; loaded here when not given)."""
    if facts is None:
        facts = facts_from_other_apps([exercise.pk])
    answered_on, evaluation_on = facts.get(exercise.pk, (None, None))
    return duties(
        exercise,
        events=events,
        documents=documents,
        today=today,
        work_calendar=work_calendar(),
        questions_answered_on=answered_on,
        evaluation_published_on=evaluation_on,
    )
