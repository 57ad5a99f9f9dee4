"""The signed link in an invitation e-mail: made when the worker sends it (accounts.tasks)
and read back when the person opens it. Apart from accounts.invitations so the task that
sends the link and the service that queues the task do not import each other."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from rinde.accounts.models import Invitation
from rinde.entity import addresses

SALT = "rinde.accounts.invitation"
VALID_FOR = timedelta(days=7)


def _token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=SALT)


def link(invitation: Invitation) -> str:
    """At the invitation's entity's own address: the page takes the entity from it."""
    path = reverse("accounts:invitation", kwargs={"token": _token(invitation)})
    return addresses.absolute(invitation.entity, path)


def pending(token: str) -> Invitation | None:
    """The invitation a link points to, if it can still be accepted."""
    try:
        pk, nonce = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    invitation = Invitation.objects.filter(pk=pk).first()
    if invitation is None or not constant_time_compare(invitation.nonce, nonce):
        return None
    return invitation if invitation.is_pending else None
