"""Anti-spam for public forms without third-party services: a honeypot field, a signed
start token (a minimum time to fill, and spent once by the submission it serves), and
per-address rate limits in the cache.

Use `PublicForm` as the base of every citizen form and call `check_rate_limit` in the view
before saving; the submission's service calls `spend_form_token(form.form_token)` first in
its transaction, and the view answers `FormTokenSpent` with `form.refuse_spent_token()`.
Errors are Spanish and keep what the person typed (the form re-renders bound).
"""

import hashlib
import hmac
import logging
import re
import secrets
import time
from datetime import UTC, datetime
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rinde.core import cache as cache_backends
from rinde.core.http import client_ip
from rinde.core.models import SpentFormToken
from rinde.core.sanitize import has_bidi_controls, strip_bidi_controls

logger = logging.getLogger(__name__)

MIN_SECONDS_TO_FILL = 3
MAX_SECONDS_TO_FILL = 60 * 60 * 6
_SIGNER_SALT = "rinde.antispam.started"


def sign_start(now: float | None = None) -> str:
    """A form's start token: the time it is shown, in seconds, a random nonce that lets a
    submission spend the token once (spend_form_token), and an HMAC of both keyed from
    SECRET_KEY."""
    stamp = f"{int(now if now is not None else time.time())}.{secrets.token_urlsafe(12)}"
    return f"{stamp}:{_start_mac(stamp, settings.SECRET_KEY)}"


def _read_token(value: str) -> tuple[int, str] | None:
    """The time and nonce in a start token, or None if we did not sign it (with SECRET_KEY
    or one of SECRET_KEY_FALLBACKS). Django's signing.loads did the same for a sixth of a
    citizen's question post (JSON, base64 and deriving the key on every call)."""
    stamp, _, mac = value.partition(":")
    seconds, dot, nonce = stamp.partition(".")
    if not (dot and seconds.isascii() and seconds.isdigit() and _NONCE.fullmatch(nonce)):
        return None
    if not mac.isascii():
        return None
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if hmac.compare_digest(mac.encode(), _start_mac(stamp, secret).encode()):
            return int(seconds), nonce
    return None


def _started_at(value: str) -> int | None:
    read = _read_token(value)
    return read[0] if read is not None else None


_NONCE = re.compile(r"[A-Za-z0-9_-]{16}")


@lru_cache(maxsize=8)
def _start_key(secret: str) -> bytes:
    return hashlib.sha256(f"{_SIGNER_SALT}{secret}".encode()).digest()


def _start_mac(stamp: str, secret: str) -> str:
    return hmac.new(_start_key(secret), stamp.encode(), hashlib.sha256).hexdigest()


class PublicForm(forms.Form):
    """Base for every public form: renders a hidden honeypot and a signed start time, and
    takes what people type without Unicode's direction controls (sanitize.
    strip_bidi_controls), before any field checks it: a name or a text with a right-to-left
    override would show reversed the page text around it wherever it is displayed."""

    # Humans never see this field (hidden by CSS and from assistive tech); bots fill it.
    website = forms.CharField(
        label=_("No llene este campo"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    min_seconds = MIN_SECONDS_TO_FILL

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = sign_start()
        elif any(has_bidi_controls(value) for value in _typed_values(self.data)):
            self.data = _without_bidi_controls(self.data)

    def clean(self):
        cleaned = super().clean()
        error = spam_error(
            cleaned.get("website"),
            self.data.get(self.add_prefix("started"), ""),
            min_seconds=self.min_seconds,
        )
        if error is not None:
            if error.code == "expired":
                self._fresh_start()  # so the next attempt can pass
            raise error
        return cleaned

    @property
    def form_token(self) -> str:
        """The start token to spend in the submission's transaction (spend_form_token)."""
        return self.cleaned_data["started"]

    def refuse_spent_token(self) -> None:
        """After the service raised FormTokenSpent: say so beside what the person typed,
        with a fresh token so that sending it again, if they mean to, can pass."""
        self._fresh_start()
        self.add_error(None, forms.ValidationError(SPENT_MESSAGE, code="spent"))

    def _fresh_start(self) -> None:
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = sign_start()


def _typed_values(data):
    items = data.lists() if hasattr(data, "lists") else data.items()
    for _key, value in items:
        for v in value if isinstance(value, list | tuple) else [value]:
            if isinstance(v, str):
                yield v


def _strip(value):
    if isinstance(value, list | tuple):
        return [strip_bidi_controls(v) if isinstance(v, str) else v for v in value]
    return strip_bidi_controls(value) if isinstance(value, str) else value


def _without_bidi_controls(data):
    """A copy of the posted data (a QueryDict or a dict) with direction controls removed
    from every typed value; copied only when some value has one, as most posts have none."""
    if hasattr(data, "lists"):
        data = data.copy()
        for key, values in list(data.lists()):
            data.setlist(key, _strip(values))
        return data
    return {key: _strip(value) for key, value in data.items()}


def spam_error(
    website: str | None, started: str, *, min_seconds: int = MIN_SECONDS_TO_FILL
) -> forms.ValidationError | None:
    """What PublicForm refuses, as a plain function so a view can check a post without
    building its form: the honeypot filled in, a start time not signed by us or too old,
    or a form sent too soon after it was shown. None when the post passes."""
    if website:
        return forms.ValidationError(
            _("No pudimos recibir el formulario. Si es una persona, deje vacío el campo oculto."),
            code="honeypot",
        )
    started_at = _started_at(started)
    if started_at is None or time.time() - started_at > MAX_SECONDS_TO_FILL:
        return forms.ValidationError(
            _("El formulario venció. Revise sus datos y envíelo de nuevo."), code="expired"
        )
    if time.time() - started_at < min_seconds:
        return forms.ValidationError(
            _("Lo recibimos demasiado rápido. Revise sus datos y envíelo de nuevo."),
            code="too_fast",
        )
    return None


class FormTokenSpent(Exception):
    """A submission came with a start token another submission already spent."""


SPENT_MESSAGE = _(
    "Este formulario ya se había enviado. Si lo que ve aquí es un envío nuevo, revíselo y "
    "envíelo otra vez; si es el mismo, no hace falta: ya lo recibimos."
)


def spend_form_token(token: str) -> None:
    """Spend a public form's start token: one INSERT of a small row, in the caller's
    transaction, first thing in it (a citizen's submission service). A replay of the same
    post raises FormTokenSpent, and so does a concurrent one (the second INSERT waits for
    the first's commit, then meets the primary key); a submission that fails after this
    rolls the row back and leaves the token good for another try. Only tokens that passed
    spam_error reach here, so anything unreadable is refused as spent.

    The per-address rate limit stays: a bot can still fetch a fresh form, and so a fresh
    token, before each post (docs/antispam.md)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("spend_form_token must run inside the submission's transaction")
    read = _read_token(token)
    if read is None:
        raise FormTokenSpent
    started_at, nonce = read
    try:
        SpentFormToken.objects.create(
            nonce=nonce, started_at=datetime.fromtimestamp(started_at, tz=UTC)
        )
    except IntegrityError:
        raise FormTokenSpent from None


def purge_spent_tokens(now: float | None = None) -> int:
    """Forget spent tokens whose form was shown longer ago than a token lives: such a token
    is refused as expired before it is ever looked up (housekeeping)."""
    cutoff = (now if now is not None else time.time()) - MAX_SECONDS_TO_FILL
    deleted, _by_model = SpentFormToken.objects.filter(
        started_at__lt=datetime.fromtimestamp(cutoff, tz=UTC)
    ).delete()
    return deleted


def check_rate_limit(request: HttpRequest, scope: str, *, limit: int, per_seconds: int) -> bool:
    """Count one attempt for this address in `scope`; False once `limit` is passed."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    return _count_attempt(key, per_seconds, scope) <= limit


def _count_attempt(key: str, per_seconds: int, scope: str) -> int:
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return count_in_window(key, per_seconds)
    if isinstance(backend, cache_backends.RedisCache) and not backend.available():
        return _not_counted(scope)
    client = backend._cache.get_client(key, write=True)
    script = _count_scripts.get(client)
    if script is None:
        script = _count_scripts[client] = client.register_script(_COUNT_SCRIPT)
    try:
        # redis-py loads the script again when Redis forgot it (a restart).
        return script(keys=[backend.make_and_validate_key(key)], args=[per_seconds])
    except cache_backends.UNAVAILABLE as error:
        if isinstance(backend, cache_backends.RedisCache):
            backend.mark_unavailable(error)
        return _not_counted(scope)


# Rate limits fail open when Redis is down (docs/deploy-guide.md, "Faults"): refusing
# every citizen's question while the cache is away would be an outage of its own, and a
# post still passes nginx's per-address limit, the honeypot and its single-use start token
# (spent in the database). Each process says so at most once a minute.
RATE_LIMIT_WARNING_SECONDS = 60
_uncounted = {"since_warning": 0, "warned_at": None}


def _not_counted(scope: str) -> int:
    """The count of an attempt Redis could not count: 0, within any limit."""
    _uncounted["since_warning"] += 1
    now = time.monotonic()
    warned_at = _uncounted["warned_at"]
    if warned_at is None or now - warned_at >= RATE_LIMIT_WARNING_SECONDS:
        logger.warning(
            "rate limit unavailable: attempts are let through uncounted",
            extra={"scope": scope, "uncounted": _uncounted["since_warning"]},
        )
        _uncounted["since_warning"] = 0
        _uncounted["warned_at"] = now
    return 0


def count_in_window(key: str, per_seconds: int) -> int:
    """Count one event under `key` in a fixed window of `per_seconds` opened by the first;
    the count so far (the site-wide failed logins, accounts.throttle)."""
    if cache.add(key, 1, per_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, per_seconds)
        return 1


# The same fixed window as add + incr, atomic (a script runs alone in Redis), so the key
# cannot expire between the two and be left without its expiry: the first count opens the
# window. One command and one round trip, instead of three with Django's incr (it asks
# EXISTS first), or the four of a MULTI/SET NX EX/INCR/EXEC pipeline.
_COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
_count_scripts = {}


RATE_LIMIT_MESSAGE = _(
    "Recibimos muchos envíos desde su conexión en poco tiempo. Espere unos minutos y vuelva "
    "a intentarlo; lo que escribió sigue aquí."
)
