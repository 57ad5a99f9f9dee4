"""The cut's workflow told to whoever acts next (issue 20, item 10): a cut sent to planning
tells planning; returned or published, it tells the department's officers and whoever
drafted it. Called from plan.tasks, never inside the request."""

from django.urls import reverse

from rinde.accounts import memberships
from rinde.accounts.models import Role, User
from rinde.entity import work
from rinde.entity.emails import send_templated
from rinde.plan.models import ProgressReport

SUBMITTED, RETURNED, APPROVED = "submitted", "returned", "approved"
EVENTS = (SUBMITTED, RETURNED, APPROVED)


def send_cut_notice(report: ProgressReport, event: str, *, actor_id: int | None = None) -> int:
    """The e-mail of `event` to whoever acts next on `report`, except the person who just
    acted (they know). Returns the number of recipients."""
    if event not in EVENTS:
        raise ValueError(f"unknown cut event {event!r}")
    recipients = sorted(
        (planning_emails() if event == SUBMITTED else department_emails(report))
        - _emails_of(actor_id)
    )
    if not recipients:
        return 0
    # One message per person: officers of different departments never see each other's
    # addresses, and a bounced address does not hold the others back.
    context = {"report": report, "link": _link(report)}
    for address in recipients:
        send_templated(f"plan/emails/cut_{event}", [address], context)
    return len(recipients)


def planning_emails() -> set[str]:
    """Planning reviews every cut; the administrators when the entity has no planning
    account yet, so a sent cut never waits unseen."""
    for roles in ([Role.PLANNING], [Role.ADMIN]):
        found = set(
            memberships.people_with(*roles).exclude(email="").values_list("email", flat=True)
        )
        if found:
            return found
    return set()


def department_emails(report: ProgressReport) -> set[str]:
    """The department's active officers and the person who opened the cut (planning may
    open one for a department)."""
    officers = memberships.officers_of(report.department)
    found = set(officers.exclude(email="").values_list("email", flat=True))
    drafter = report.created_by
    if drafter.is_active and drafter.email:
        found.add(drafter.email)
    return found


def _emails_of(user_id: int | None) -> set[str]:
    if user_id is None:
        return set()
    return set(User.objects.filter(pk=user_id).exclude(email="").values_list("email", flat=True))


def _link(report: ProgressReport) -> str:
    return work.site_url() + reverse("plan:staff_report", args=[report.pk])
