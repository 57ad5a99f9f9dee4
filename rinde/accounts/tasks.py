from django.tasks import task

from rinde.accounts import emails
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
def send_password_reset(user_id: int, domain: str, use_https: bool) -> None:
    """Off the request: a mail server down never turns the reset page into an error."""
    from rinde.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    emails.send_password_reset(user, domain=domain, use_https=use_https)
