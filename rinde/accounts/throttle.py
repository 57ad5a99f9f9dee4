"""Slowing password spraying down without letting an attacker lock a person out.

django-axes locks one account from one address after AXES_FAILURE_LIMIT wrong passwords.
A sprayer tries a few passwords from many addresses, so no pair ever reaches the limit.
Here every failed or slowed login, from anywhere, is counted in a one-minute window; once a
window reaches LOGIN_SPRAY_THRESHOLD the site is "under attack" for ATTACK_HOLD (renewed
while the attempts go on, so a new window does not hand the attacker a fresh allowance),
and a login for an account from a browser that has never logged in to it waits: each
account then accepts one such attempt every LOGIN_SPRAY_DELAY seconds, whatever the
address.

Why a delay per account and not a lock: a lock per account during an attack is exactly the
denial of service the issue reports (one attacker keeps the real person out everywhere).
The person's own browser is spared entirely: a successful login leaves a signed cookie
naming the account (a "device cookie", OWASP's recommendation against lockout attacks),
and a browser that carries it for that account skips the delay. The cookie does not skip
axes' own lockout, and an attacker's cookie names only the attacker's own account.
docs/antispam.md says what this leaves open."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from rinde.core.antispam import count_in_window

FAILURES_KEY = "login:failures"
FAILURES_WINDOW = 60
ATTACK_KEY = "login:under-attack"
ATTACK_HOLD = 15 * 60
DEVICE_COOKIE = "rinde_dispositivo"
DEVICE_SALT = "rinde.accounts.device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 180


def account_key(username: str) -> str:
    """A short, fixed-size key for what was typed as a username (any length, any case)."""
    return hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]


def record_failure() -> int:
    """Count one failed or slowed login in the site-wide window; the count so far."""
    count = count_in_window(FAILURES_KEY, FAILURES_WINDOW)
    if count >= settings.LOGIN_SPRAY_THRESHOLD:
        cache.set(ATTACK_KEY, 1, ATTACK_HOLD)
    return count


def under_attack() -> bool:
    return cache.get(ATTACK_KEY) is not None


def is_known_device(request: HttpRequest, username: str) -> bool:
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
    )
    return value is not None and value == account_key(username)


def seconds_to_wait(request: HttpRequest, username: str) -> int:
    """0 when this login attempt may go on to the password check; otherwise how long the
    person should wait before trying again. Taking the account's slot is the check: two
    attempts racing for it cannot both pass (cache.add is atomic on every backend)."""
    if not username or not under_attack() or is_known_device(request, username):
        return 0
    if cache.add(f"login:slow:{account_key(username)}", 1, settings.LOGIN_SPRAY_DELAY):
        return 0
    return settings.LOGIN_SPRAY_DELAY


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        account_key(username),
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )
