"""The staff board: what is overdue, due today and due soon, per department."""

from datetime import date

from django.conf import settings

from rinde.core.calendar import WorkCalendar
from rinde.questions import deadlines


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
