"""The daily digest per department: overdue and due-soon questions, sent once a day."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from rinde.accounts.models import Role, User
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Department
from rinde.questions import board as board_rules
from rinde.questions import emails
from rinde.questions.models import DigestLog, Question, Status


def send_daily_digests(today: date) -> int:
    """Send each department with overdue or due-soon questions its digest for `today`.
    Idempotent: a DigestLog row per department and day makes a second run send nothing."""
    calendar = work_calendar()
    link = settings.SITE_URL.rstrip("/") + reverse("questions:staff_board")
    open_questions = list(
        Question.objects.open()
        .exclude(department=None)
        .select_related("department")
        .order_by("current_due_on")
    )
    sent = 0
    for department in Department.objects.active().filter(
        pk__in={q.department_id for q in open_questions}
    ):
        mine = [q for q in open_questions if q.department_id == department.pk]
        board = board_rules.build_board(mine, today, calendar)
        digest = {"overdue": board["overdue"], "due_soon": board["due_today"] + board["due_soon"]}
        if not digest["overdue"] and not digest["due_soon"]:
            continue
        recipients = sorted(
            {
                u.email
                for u in department.officers.filter(is_active=True, role=Role.OFFICER)
                if u.email
            }
            | ({department.email} if department.email else set())
        )
        if not recipients:
            continue
        try:
            with transaction.atomic():
                DigestLog.objects.create(
                    department=department, day=today, recipients=len(recipients)
                )
                emails.send_digest(department, recipients, digest, link)
        except IntegrityError:
            continue  # already sent today
        sent += 1
    return sent + _send_triage_digest(_unclassified_open_questions(), today, calendar, link)


def _unclassified_open_questions() -> list[Question]:
    return list(Question.objects.open().filter(status=Status.RECEIVED).order_by("current_due_on"))


def _send_triage_digest(questions, today: date, calendar, link: str) -> int:
    """Questions still waiting for triage run their term too, with no department to remind:
    ICT and planning, who classify them, get their own digest when any is due soon."""
    board = board_rules.build_board(questions, today, calendar)
    digest = {"overdue": board["overdue"], "due_soon": board["due_today"] + board["due_soon"]}
    if not digest["overdue"] and not digest["due_soon"]:
        return 0
    recipients = sorted(
        set(
            User.objects.filter(is_active=True, role__in=[Role.ICT, Role.PLANNING])
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            DigestLog.objects.create(department=None, day=today, recipients=len(recipients))
            emails.send_digest(None, recipients, digest, link)
    except IntegrityError:
        return 0  # already sent today
    return 1
