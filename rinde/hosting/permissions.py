"""Who may use the host's panel (/anfitrion/): a host administrator, that is an active
account with Django's `is_superuser` flag (given on the server, `manage.py
createsuperuser` or the shell, never through a page) logged in with its second factor.
Entity roles (accounts.Membership) give nothing here, and this flag gives nothing in an
entity's panel."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from rinde.accounts.permissions import is_verified, redirect_to_second_factor
from rinde.accounts.security_events import access_denied


def is_host_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def host_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, host administrator, second factor verified; else the login page, the
    second factor, or the Spanish 403 with an audit entry."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_host_admin(user):
            access_denied(request, "host")
            raise PermissionDenied("host")
        if not is_verified(user):
            return redirect_to_second_factor(request)
        return view(request, *args, **kwargs)

    return wrapped
