from django.tasks import task
from django.utils import timezone

from rinde.accounts import emails, todo_digest
from rinde.accounts.invitation_links import link
from rinde.accounts.models import Invitation, User
from rinde.core import mail_retry
from rinde.entity import work


@task
@work.in_entity_of(Invitation, "invitation_id")
def send_invitation(invitation_id: int, failures: int = 0) -> None:
    """Only the id travels in the queue; the link is signed here, when it is sent."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        return
    try:
        emails.send_invitation(invitation, link(invitation))
    except mail_retry.RETRYABLE as error:
        # A mail server refusing or silent: tried again later (core.mail_retry.BACKOFF).
        if not mail_retry.retry_later(
            send_invitation, invitation_id, failures=failures, error=error
        ):
            raise


@task
def send_password_reset(
    user_id: int, domain: str, use_https: bool, failures: int = 0, entity_id: int | None = None
) -> None:
    """Off the request: a mail server down never turns the reset page into an error. A user
    is no entity's row: the entity whose page asked travels as `entity_id` (its name is on
    the message; None from a task queued before it did)."""
    with work.working_for_id(entity_id):
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None or not user.email:
            return
        try:
            emails.send_password_reset(user, domain=domain, use_https=use_https)
        except mail_retry.RETRYABLE as error:
            if not mail_retry.retry_later(
                send_password_reset,
                user_id,
                domain,
                use_https,
                failures=failures,
                error=error,
                entity_id=entity_id,
            ):
                raise


@task
def send_todo_digests() -> int:
    """The daily to-do e-mail to each staff member with pending work (accounts.todo_digest)."""
    # Each entity's own staff and work, one entity at a time (entity.work).
    return work.total_for_each_entity(todo_digest.send_daily, timezone.localdate())
