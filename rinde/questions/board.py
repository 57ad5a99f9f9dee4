"""The staff board: what is overdue, due today and due soon, per department."""

from datetime import date

from django.conf import settings
from django.db.models import Count, Q

from rinde.core.calendar import WorkCalendar
from rinde.questions import deadlines
from rinde.questions.models import Status


def build_board(questions, today: date, calendar: WorkCalendar) -> dict[str, list]:
    """Split open questions (already fetched) into overdue / due today / due soon / later."""
    within = settings.QUESTION_DUE_SOON_DAYS
    board = {"overdue": [], "due_today": [], "due_soon": [], "later": []}
    for question in questions:
        due = question.current_due_on
        if deadlines.is_overdue(due, today):
            board["overdue"].append(question)
        elif due == today:
            board["due_today"].append(question)
        elif deadlines.is_due_soon(due, today, calendar, within):
            board["due_soon"].append(question)
        else:
            board["later"].append(question)
    return board


def board_queries(questions, today: date, calendar: WorkCalendar, *, rows: int) -> dict:
    """The board for the triage page, counted and listed by the database: on a hearing day
    tens of thousands of questions are open, and splitting them all in Python on every load
    took seconds. `questions` is the person's open questions (a queryset). Returns
    {"lists": {kind: the `rows` most urgent}, "counts": {kind: n}, "by_department":
    [(name, {kind: n})]}, where the kinds are those of build_board plus "to_triage"
    (received, not yet classified, whatever their due date); "later" leaves those out, as
    they wait in "to_triage"."""
    soon_until = calendar.add_business_days(today, settings.QUESTION_DUE_SOON_DAYS)
    kinds = {
        "overdue": Q(current_due_on__lt=today),
        "due_today": Q(current_due_on=today),
        "due_soon": Q(current_due_on__gt=today, current_due_on__lte=soon_until),
        "later": Q(current_due_on__gt=soon_until) & ~Q(status=Status.RECEIVED),
    }
    triage = Q(status=Status.RECEIVED)
    ordered = questions.order_by("current_due_on", "pk")
    lists = {kind: list(ordered.filter(q)[:rows]) for kind, q in kinds.items()}
    lists["to_triage"] = list(ordered.filter(triage)[:rows])
    counted = {kind: Count("pk", filter=q) for kind, q in kinds.items()}
    counts = questions.order_by().aggregate(**counted, to_triage=Count("pk", filter=triage))
    by_department = []
    for row in questions.order_by().values("department__name").annotate(**counted):
        figures = {kind: row[kind] for kind in kinds}
        if any(figures.values()):
            by_department.append((row["department__name"], figures))
    return {"lists": lists, "counts": counts, "by_department": by_department}
