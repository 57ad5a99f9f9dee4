"""Who may do what: the one role and department check every staff view goes through.

Each app's own permissions.py builds on these (`can_<verb>` predicates and `access_*`
helpers that 404/403), and every staff view is wrapped in `staff_view(...)`.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from rinde.accounts.models import Role
from rinde.accounts.security_events import access_denied

STAFF_ROLES = frozenset(Role) - {Role.CITIZEN}
# Roles that act for every department; a department officer acts only for their own.
ENTITY_WIDE_ROLES = frozenset({Role.ADMIN, Role.PLANNING, Role.ICT, Role.COMMUNICATIONS})


def role_of(user) -> str | None:
    """The user's role in the entity of the work under way: their membership's there
    (User.role_here); None for visitors, disabled accounts and non-members. Every check
    below reads this, never User.role."""
    if not (user.is_authenticated and user.is_active):
        return None
    return user.role_here()


def is_staff_member(user) -> bool:
    return role_of(user) in STAFF_ROLES


def is_verified(user) -> bool:
    """Logged in with the second factor in this session (django-otp sets is_verified)."""
    return bool(user.is_authenticated and getattr(user, "is_verified", lambda: False)())


def has_role(user, *roles: Role) -> bool:
    """True when the user holds one of `roles`. The administrator holds every role."""
    role = role_of(user)
    if role not in STAFF_ROLES:
        return False
    return role == Role.ADMIN or role in roles


def is_verified_admin(user) -> bool:
    return is_verified(user) and role_of(user) == Role.ADMIN


def department_ids_for(user) -> set[int] | None:
    """The departments a user may act for; None means all of them."""
    role = role_of(user)
    if role in ENTITY_WIDE_ROLES:
        return None
    if role == Role.OFFICER:
        return user.department_ids_here()
    return set()


def can_act_for_department(user, department_id: int | None) -> bool:
    allowed = department_ids_for(user)
    return allowed is None or (department_id is not None and department_id in allowed)


def check_department(user, department_id: int | None) -> None:
    if not can_act_for_department(user, department_id):
        raise PermissionDenied("department")


def staff_view(*roles: Role) -> Callable:
    """Wrap a staff view: logged in, staff, second factor verified, and one of `roles`
    (any staff role when none is given). Anonymous visitors go to the login page;
    staff without the second factor go to verify it; others get the Spanish 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                if not is_staff_member(user):
                    raise PermissionDenied("staff")
                if not is_verified(user):
                    return redirect_to_second_factor(request)
                if roles and not has_role(user, *roles):
                    raise PermissionDenied("role")
                return view(request, *args, **kwargs)
            except PermissionDenied as denied:
                # Refusals here and inside the view (department checks) reach the audit log.
                access_denied(request, str(denied) or "denied")
                raise

        wrapped.staff_roles = tuple(roles)  # read by the tests that list every staff view
        return wrapped

    return decorator


def redirect_to_second_factor(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': request.get_full_path()})}")
