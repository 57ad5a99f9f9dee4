"""How many wrong passwords an account has left before django-axes locks it, and for how
long: told on the login page after each wrong password, so nobody is locked out unwarned.
The figures come from axes' own settings and records (AXES_FAILURE_LIMIT,
AXES_COOLOFF_TIME), never a copy of them."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.utils.translation import ngettext


def attempts_left(request, username: str) -> int | None:
    """Wrong passwords left for `username` from this address; None when axes is off."""
    if request is None or not username or not getattr(settings, "AXES_ENABLED", True):
        return None

    failures = AxesProxyHandler.get_failures(request, {"username": username})
    return max(settings.AXES_FAILURE_LIMIT - failures, 0)


def cooloff_minutes(request=None) -> int | None:
    cool_off = get_cool_off(request)
    return None if cool_off is None else max(round(cool_off.total_seconds() / 60), 1)


def warning(request, username: str) -> str | None:
    """«Le quedan 2 intentos antes de bloquear la cuenta por 15 minutos.»"""
    left = attempts_left(request, username)
    if not left:  # None (axes off) or 0 (locked now: axes' own page says so)
        return None
    minutes = cooloff_minutes(request)
    if minutes is None:
        return ngettext(
            "Le queda %(n)d intento antes de bloquear la cuenta.",
            "Le quedan %(n)d intentos antes de bloquear la cuenta.",
            left,
        ) % {"n": left}
    return ngettext(
        "Le queda %(n)d intento antes de bloquear la cuenta por %(minutes)d minutos.",
        "Le quedan %(n)d intentos antes de bloquear la cuenta por %(minutes)d minutos.",
        left,
    ) % {"n": left, "minutes": minutes}
