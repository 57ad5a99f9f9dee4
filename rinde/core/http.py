"""The caller's address: the one function that the audit log, the rate limits, the forum's
author key and django-axes (settings.AXES_CLIENT_IP_CALLABLE) all read, so a lockout, a
rate limit and the audit trail always agree on who sent a request."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address, trusting only as many proxy hops as TRUSTED_PROXY_COUNT says.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so with N trusted proxies the N-th entry from the right was written
    by our outermost proxy: entries left of it were sent by the client and can be forged.
    Behind nginx (one hop), REMOTE_ADDR is nginx itself: counting failures or posts by it
    would put every person on the same counter, so one attacker would lock everyone out."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            address = _valid(forwarded[-hops])
            if address is not None:
                return address
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(address: str) -> str | None:
    """The address in its canonical form, or None: the audit log and axes store it in an
    IP address column, where anything else would fail (on PostgreSQL) with a 500."""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None
