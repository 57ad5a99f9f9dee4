"""The daily digest per department: overdue and due-soon questions, sent once a day."""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse

from rinde.entity import work
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Department
from rinde.questions import board as board_rules
from rinde.questions import emails
from rinde.questions.models import DigestLog, Question


def send_daily_digests(today: date) -> int:
    """Send each department's own mailbox (Department.email) the list of its overdue or
    due-soon questions for `today`. People are told by the staff to-do list's daily e-mail
    (accounts.todo, `send_todo_digest`), which carries the same work for officers,
    triage and planning: one e-mail a day each, not two. Idempotent: a DigestLog row per
    department and day makes a second run send nothing."""
    calendar = work_calendar()
    link = work.site_url() + reverse("questions:staff_board")
    open_questions = list(
        Question.objects.open().select_related("department").order_by("current_due_on")
    )
    sent = 0
    for department in (
        Department.objects.active()
        .exclude(email="")
        .filter(pk__in={q.department_id for q in open_questions if q.department_id})
    ):
        mine = [q for q in open_questions if q.department_id == department.pk]
        digest = _due(mine, today, calendar)
        if digest:
            sent += _send_once(department, digest, {department.email}, today, link)
    return sent


def _due(questions, today: date, calendar) -> dict | None:
    """The overdue and due-soon questions among these, or None when there are none."""
    board = board_rules.build_board(questions, today, calendar)
    digest = {"overdue": board["overdue"], "due_soon": board["due_today"] + board["due_soon"]}
    return digest if digest["overdue"] or digest["due_soon"] else None


def _send_once(
    department,
    digest: dict,
    recipients: set[str],
    today: date,
    link: str,
) -> int:
    """Send one department's digest unless it went out today."""
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            DigestLog.objects.create(
                entity_id=department.entity_id,
                department=department,
                day=today,
                recipients=len(recipients),
            )
            emails.send_digest(department, sorted(recipients), digest, link)
    except IntegrityError:
        return 0  # already sent today
    return 1
