"""Who is looking at a holder's data: a logged-in citizen (their account's address), or the
reader of a mailbox who opened a link sent to it.

The link is signed (SECRET_KEY), names one AccessLink row, is valid for MAX_AGE and is
spent once: opening it shows a button, and pressing it (a POST) spends it and starts a
short holder session. A GET never spends it, so a mail scanner that follows links cannot use
up the person's link."""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from rinde.accounts.models import Role
from rinde.entity import work
from rinde.holders.models import AccessLink

SALT = "rinde.holders.access"
MAX_AGE = timedelta(hours=24)
# One link at a time per address: while one sent in the last RESEND_AFTER is unused, asking
# again sends nothing (the page says the same), so nobody can flood a third party's inbox.
RESEND_AFTER = timedelta(minutes=15)
SESSION_KEY = "holders.email"
SESSION_STARTED_KEY = "holders.since"
SESSION_AGE = timedelta(minutes=30)


def create_link(email: str, *, now=None) -> AccessLink | None:
    """A new link for `email`, or None when one sent recently is still unused."""
    now = now or timezone.now()
    email = email.strip()
    recent = AccessLink.objects.filter(
        email__iexact=email, used_at__isnull=True, created_at__gte=now - RESEND_AFTER
    )
    if recent.exists():
        return None
    return AccessLink.objects.create(nonce=secrets.token_hex(16), email=email, created_at=now)


def url_for(link: AccessLink) -> str:
    token = signing.dumps(link.nonce, salt=SALT)
    return work.site_url() + reverse("holders:enter", args=[token])


def link_for(token: str, *, now=None) -> AccessLink | None:
    """The unused, unexpired link a token names, or None."""
    try:
        nonce = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    now = now or timezone.now()
    return AccessLink.objects.filter(
        nonce=nonce, used_at__isnull=True, created_at__gte=now - MAX_AGE
    ).first()


def spend(token: str, request: HttpRequest) -> bool:
    """Spend the link and open the holder session; False when it cannot be used."""
    with transaction.atomic():
        link = link_for(token)
        if link is None:
            return False
        spent = AccessLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not spent:  # another request spent it first
            return False
    request.session.cycle_key()
    request.session[SESSION_KEY] = link.email
    request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()
    return True


def holder_email(request: HttpRequest) -> str | None:
    """The address whose data this request may see, or None."""
    user = request.user
    if user.is_authenticated and user.role == Role.CITIZEN and user.is_active and user.email:
        return user.email
    email = request.session.get(SESSION_KEY)
    since = request.session.get(SESSION_STARTED_KEY)
    if not email or since is None:
        return None
    if timezone.now().timestamp() - since > SESSION_AGE.total_seconds():
        end_session(request)
        return None
    return email


def end_session(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(SESSION_STARTED_KEY, None)
