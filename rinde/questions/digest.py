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
    """Send each department with overdue or due-soon questions its digest for `today`, and
    ICT and planning theirs for the questions nobody has classified yet (they run their
    term too, with no department to remind). Idempotent: a DigestLog row per department
    (or for triage) and day makes a second run send nothing."""
    calendar = work_calendar()
    link = settings.SITE_URL.rstrip("/") + reverse("questions:staff_board")
    open_questions = list(
        Question.objects.open().select_related("department").order_by("current_due_on")
    )
    sent = 0
    for department in Department.objects.active().filter(
        pk__in={q.department_id for q in open_questions if q.department_id}
    ):
        mine = [q for q in open_questions if q.department_id == department.pk]
        digest = _due(mine, today, calendar)
        if digest:
            officers = department.officers.filter(is_active=True, role=Role.OFFICER)
            recipients = {u.email for u in officers if u.email}
            # No officer account to act on the board (Hacienda in the demo): planning, who
            # assigns the work, hears of it instead, and the digest says why.
            without_officer = not recipients
            if without_officer:
                recipients = _planning_emails()
            if department.email:
                recipients.add(department.email)
            sent += _send_once(
                department, digest, recipients, today, link, without_officer=without_officer
            )
    unclassified = [
        q for q in open_questions if q.department_id is None and q.status == Status.RECEIVED
    ]
    digest = _due(unclassified, today, calendar)
    if digest:
        triage = User.objects.filter(is_active=True, role__in=[Role.ICT, Role.PLANNING])
        recipients = set(triage.exclude(email="").values_list("email", flat=True))
        sent += _send_once(None, digest, recipients, today, link)
    return sent


def _planning_emails() -> set[str]:
    """Planning's addresses; the administrators' when the entity has no planning account."""
    for roles in ([Role.PLANNING], [Role.ADMIN]):
        users = User.objects.filter(is_active=True, role__in=roles).exclude(email="")
        emails_ = set(users.values_list("email", flat=True))
        if emails_:
            return emails_
    return set()


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
    *,
    without_officer: bool = False,
) -> int:
    """Send one digest (department None: the triage one) unless it went out today."""
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            DigestLog.objects.create(department=department, day=today, recipients=len(recipients))
            emails.send_digest(
                department, sorted(recipients), digest, link, without_officer=without_officer
            )
    except IntegrityError:
        return 0  # already sent today
    return 1
