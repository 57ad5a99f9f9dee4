"""Staff invitations: the administrator names the e-mail, role and departments; the person
follows the link, picks a username and password, and is sent to enrol their second factor.

Also the first administrator of an empty installation, who has nobody to invite them:
they prove they run the server with a code derived from its SECRET_KEY, written to the
server's log (like any installer that prints an initial password)."""

import logging
import secrets
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from rinde.accounts import memberships
from rinde.accounts.invitation_links import VALID_FOR
from rinde.accounts.models import Invitation, Role, User
from rinde.accounts.tasks import send_invitation
from rinde.core import audit
from rinde.entity.models import Entity

logger = logging.getLogger(__name__)


class InvitationError(ValueError):
    pass


def _send(invitation: Invitation) -> None:
    transaction.on_commit(partial(send_invitation.enqueue, invitation.pk))


def invite(*, email: str, role: str, departments, position: str, actor, request=None) -> Invitation:
    """Invite a person (values checked by forms.InvitationForm); the e-mail goes out through
    the worker once committed."""
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.lower(),
            role=role,
            position=position,
            nonce=secrets.token_urlsafe(24),
            invited_by=actor,
            expires_at=timezone.now() + VALID_FOR,
        )
        invitation.departments.set(departments)
        audit.record(
            actor=actor,
            action="accounts.invited",
            target=invitation,
            changes={
                "email": [None, invitation.email],
                "role": [None, invitation.role],
                "departments": [[], [str(d) for d in invitation.departments.all()]],
            },
            request=request,
        )
        _send(invitation)
    return invitation


def resend(invitation: Invitation, *, actor, request=None) -> None:
    """A new link valid for another week; the previous one stops working."""
    with transaction.atomic():
        if invitation.accepted_at or invitation.revoked_at:
            raise InvitationError("not pending")
        expires_before = invitation.expires_at
        invitation.nonce = secrets.token_urlsafe(24)
        invitation.expires_at = timezone.now() + VALID_FOR
        invitation.save(update_fields=["nonce", "expires_at"])
        audit.record(
            actor=actor,
            action="accounts.invitation_resent",
            target=invitation,
            changes={"expires_at": [expires_before, invitation.expires_at]},
            request=request,
        )
        _send(invitation)


def revoke(invitation: Invitation, *, actor, request=None) -> None:
    with transaction.atomic():
        revoked_before = invitation.revoked_at
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="accounts.invitation_revoked",
            target=invitation,
            changes={"revoked_at": [revoked_before, invitation.revoked_at]},
            request=request,
        )


def _new_user(*, password: str, **fields) -> User:
    user = User(**fields)
    user.set_password(password)
    return user


def accept(
    invitation: Invitation,
    *,
    username: str,
    first_name: str,
    last_name: str,
    position: str,
    password: str,
    request=None,
) -> User:
    """Create the account with the invited role and departments, once (values checked by
    forms.NewAccountForm)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending:
            raise InvitationError("not pending")
        user = _new_user(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=invitation.email,
            role=invitation.role,
            position=invitation.position or position,
            password=password,
        )
        user.clean()  # Django's normalisation of the username and e-mail
        user.save()
        _join(invitation, user, request=request)
    return user


def accept_existing(invitation: Invitation, user: User, *, request=None) -> User:
    """A person who already has an account (another entity's staff) accepts: the
    invitation's entity is added to that account, with the invited role and departments.
    Only the account with the invited e-mail may (the view has them log in first)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending or user.email.lower() != invitation.email:
            raise InvitationError("not pending or not theirs")
        _join(invitation, user, request=request)
    return user


def _join(invitation: Invitation, user: User, *, request=None) -> None:
    """The membership the invitation offers, in its entity; the invitation is used up."""
    before = user.memberships.across_entities().filter(entity_id=invitation.entity_id).first()
    membership = memberships.grant(
        user, invitation.entity, invitation.role, invitation.departments.all()
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    audit.record(
        actor=user,
        action="accounts.invitation_accepted",
        target=user,
        changes={
            "role": [before.role if before else None, membership.role],
            "departments": [[], [str(d) for d in membership.departments.all()]],
            "is_active": [None, user.is_active],
            "invitation": invitation.pk,
        },
        request=request,
    )


# The first administrator


def needs_first_admin() -> bool:
    return not User.objects.filter(role=Role.ADMIN, is_active=True).exists()


def first_admin_code() -> str:
    return salted_hmac("rinde.accounts.first_admin", "first-admin", algorithm="sha256").hexdigest()[
        :12
    ]


def log_first_admin_code() -> None:
    logger.warning(
        "No administrator yet: the first-run code is %s (open /panel/primer-administrador/)",
        first_admin_code(),
    )


def code_matches(code: str) -> bool:
    return constant_time_compare(code.strip().lower(), first_admin_code())


def create_first_admin(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    position: str,
    password: str,
    request=None,
) -> User:
    """The installation's first administrator (values checked by forms.FirstAdminForm)."""
    with transaction.atomic():
        # Two people racing on an empty installation: only the first one wins.
        User.objects.select_for_update().filter(role=Role.ADMIN).exists()
        if not needs_first_admin():
            raise InvitationError("already set up")
        user = _new_user(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            position=position,
            role=Role.ADMIN,
            password=password,
        )
        user.clean()  # Django's normalisation of the username and e-mail
        user.save()
        # Usually no entity exists yet: the one this administrator sets up takes them
        # (accounts.signals). An installation whose entity lost its administrators:
        entity = Entity.objects.order_by("pk").first()
        if entity is not None:
            memberships.grant(user, entity, Role.ADMIN)
        audit.record(
            actor=user,
            action="accounts.first_admin_created",
            target=user,
            changes={"role": [None, user.role], "is_active": [None, user.is_active]},
            request=request,
        )
    return user
