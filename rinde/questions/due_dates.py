"""When a running term's due date changes after receipt, and how the asker hears of it.

Two causes move a due date that was already told to the asker: triage reclassifies the
question to a kind with another term (Ley 1755 de 2015 art. 14), or the entity declares a
day non-working (or working again) inside the term (rinde.entity.calendar_change). Each
move is audited and told to the asker by e-mail through the worker, with its legal ground
(docs/questions.md)."""

from datetime import date
from functools import partial

from django.db import transaction
from django.urls import reverse

from rinde.core import audit
from rinde.core.calendar import WorkCalendar
from rinde.core.public_cache import refresh_public_pages
from rinde.entity.calendar_change import MovedDate
from rinde.questions import tasks
from rinde.questions.models import OPEN_STATUSES, Question

CALENDAR_GROUND = (
    "Ley 1755 de 2015, art. 14: el término se cuenta en días hábiles de la entidad; "
    "un día declarado no hábil después del recibo no corre (Ley 4 de 1913, art. 62)"
)
CALENDAR_GROUND_WORKING = (
    "Ley 1755 de 2015, art. 14: el término se cuenta en días hábiles de la entidad; "
    "el día dejó de ser no hábil y vuelve a contarse (Ley 4 de 1913, art. 62)"
)
EXTENSION_GROUND = "Ley 1755 de 2015, art. 14, parágrafo: prórroga ya comunicada"


def tell_asker(question: Question, *, before: date, after: date, ground: str) -> None:
    """After the commit, queue the e-mail that tells the asker the new due date."""
    if before == after or not question.asker_email:
        return
    transaction.on_commit(
        partial(
            tasks.send_due_date_changed.enqueue,
            question.pk,
            before.isoformat(),
            after.isoformat(),
            ground,
        ),
        robust=True,
    )


def recount(question: Question, before: WorkCalendar, after: WorkCalendar) -> tuple[date, date]:
    """The question's (due_on, current_due_on) on the `after` calendar: the same number of
    business days from the same start, the term's and, when extended, the extension's."""
    due_on = after.add_business_days(question.term_starts_after, question.term_days)
    if question.extended_at is None:
        return due_on, due_on
    extension_days = before.business_days_between(
        question.term_starts_after, question.current_due_on
    )
    return due_on, after.add_business_days(question.term_starts_after, extension_days)


def follow_calendar(
    sender,
    *,
    before: WorkCalendar,
    after: WorkCalendar,
    day: date,
    note: str,
    actor=None,
    request=None,
    apply: bool = False,
    **kwargs,
) -> list[MovedDate]:
    """Receiver of entity.calendar_change.calendar_changed: the open questions whose term
    includes `day` get the due date the current calendar gives them."""
    running = (
        Question.objects.filter(
            status__in=OPEN_STATUSES, term_starts_after__lt=day, current_due_on__gte=day
        )
        .order_by("current_due_on", "pk")
        .only(
            "pk",
            "tracking_code",
            "asker_email",
            "term_starts_after",
            "term_days",
            "due_on",
            "current_due_on",
            "extended_at",
        )
    )
    if apply:
        running = running.select_for_update()
    ground = CALENDAR_GROUND if not after.is_business_day(day) else CALENDAR_GROUND_WORKING
    moved = []
    for question in running:
        due_on, current = recount(question, before, after)
        if current == question.current_due_on and due_on == question.due_on:
            continue
        moved.append(
            MovedDate(
                label=question.tracking_code,
                url=reverse("questions:staff_detail", args=[question.pk]),
                before=question.current_due_on,
                after=current,
            )
        )
        if not apply:
            continue
        previous = question.current_due_on
        Question.objects.filter(pk=question.pk).update(due_on=due_on, current_due_on=current)
        audit.record(
            actor=actor,
            action="questions.due_date_moved",
            target=question,
            changes={
                "current_due_on": [str(previous), str(current)],
                "day": str(day),
                "calendar": note,
                "rule": ground,
            },
            request=request,
        )
        reason = f"{ground}. {note}"
        if question.extended_at is not None:
            reason = f"{reason}. {EXTENSION_GROUND}"
        tell_asker(question, before=previous, after=current, ground=reason)
    if apply and moved:
        refresh_public_pages()
    return moved
