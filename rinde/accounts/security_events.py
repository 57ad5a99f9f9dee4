"""Security events in the audit log: failed logins, lockouts, failed second-factor codes and
denied access. Each is recorded in a transaction of its own (audit.record_event): nothing
else changes with it. Never a password or a code: only the username typed and the address."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from rinde.core import audit

USERNAME_MAX = 150  # the length of the username field: a longer "username" is not one


def _typed_username(value) -> str:
    return str(value or "")[:USERNAME_MAX]


@receiver(user_login_failed, dispatch_uid="rinde.security.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # credentials come cleansed by Django (the password replaced by stars); only the
    # username is kept.
    audit.record_event(
        actor=None,
        action="security.login_failed",
        changes={"username": _typed_username(credentials.get("username"))},
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="rinde.security.lockout")
def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    # Sent when the limit is reached and again for each attempt while locked (the throttle
    # in accounts.throttle keeps those few).
    audit.record_event(
        actor=None,
        action="security.lockout",
        changes={"username": _typed_username(username)},
        request=request,
    )


def second_factor_failed(request, user, *, step: str) -> None:
    """A wrong code at `step` ("verify" or "setup")."""
    audit.record_event(
        actor=user,
        action="security.second_factor_failed",
        target=user,
        changes={"step": step},
        request=request,
    )


def access_denied(request, reason: str) -> None:
    """A logged-in person refused a staff page (anonymous visitors go to the login page)."""
    user = request.user
    audit.record_event(
        actor=user if user.is_authenticated else None,
        action="security.access_denied",
        changes={
            "path": request.path[:300],
            "method": request.method,
            "reason": reason[:100],
            # Their role in this entity (none: a member of another entity only).
            "role": (user.role_here() or "") if user.is_authenticated else "",
        },
        request=request,
    )
