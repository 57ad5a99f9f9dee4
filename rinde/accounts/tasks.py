from django.tasks import task
from django.utils import timezone

from rinde.accounts import emails, todo_digest
from rinde.accounts.models import Invitation


@task
def send_invitation(invitation_id: int) -> None:
    """Only the id travels in the queue; the link is signed here, when it is sent."""
    from rinde.accounts.invitations import link

    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        return
    emails.send_invitation(invitation, link(invitation))


@task
def send_todo_digests() -> int:
    """The daily to-do e-mail to each staff member with pending work (accounts.todo_digest)."""
    return todo_digest.send_daily(timezone.localdate())
