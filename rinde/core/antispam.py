"""Anti-spam for public forms without third-party services: a honeypot field, a minimum
time to fill (signed start time), and per-address rate limits in the cache.

Use `PublicForm` as the base of every citizen form and call `check_rate_limit` in the view
before saving. Errors are Spanish and keep what the person typed (the form re-renders bound).
"""

import hashlib
import hmac
import os
import threading
import time
import weakref
from functools import lru_cache

import redis
from django import forms
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from redis import exceptions as redis_errors

from rinde.core.http import client_ip

MIN_SECONDS_TO_FILL = 3
MAX_SECONDS_TO_FILL = 60 * 60 * 6
_SIGNER_SALT = "rinde.antispam.started"


def sign_start(now: float | None = None) -> str:
    """The time a form is shown, in seconds, and an HMAC of it keyed from SECRET_KEY."""
    stamp = str(int(now if now is not None else time.time()))
    return f"{stamp}:{_start_mac(stamp, settings.SECRET_KEY)}"


def _started_at(value: str) -> int | None:
    """The time in a signed start, or None if we did not sign it (with SECRET_KEY or one
    of SECRET_KEY_FALLBACKS). Django's signing.loads did the same for a sixth of a
    citizen's question post (JSON, base64 and deriving the key on every call)."""
    stamp, _, mac = value.partition(":")
    if not (stamp.isascii() and stamp.isdigit() and mac.isascii()):
        return None
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if hmac.compare_digest(mac.encode(), _start_mac(stamp, secret).encode()):
            return int(stamp)
    return None


@lru_cache(maxsize=8)
def _start_key(secret: str) -> bytes:
    return hashlib.sha256(f"{_SIGNER_SALT}{secret}".encode()).digest()


def _start_mac(stamp: str, secret: str) -> str:
    return hmac.new(_start_key(secret), stamp.encode(), hashlib.sha256).hexdigest()


class PublicForm(forms.Form):
    """Base for every public form: renders a hidden honeypot and a signed start time."""

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

    def clean(self):
        cleaned = super().clean()
        error = spam_error(
            cleaned.get("website"),
            self.data.get(self.add_prefix("started"), ""),
            min_seconds=self.min_seconds,
        )
        if error is not None:
            if error.code == "expired":
                # A new signed start so the next attempt can pass.
                self.data = self.data.copy()
                self.data[self.add_prefix("started")] = sign_start()
            raise error
        return cleaned


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


def check_rate_limit(request: HttpRequest, scope: str, *, limit: int, per_seconds: int) -> bool:
    """Count one attempt for this address in `scope`; False once `limit` is passed."""
    with count_attempt(request, scope, per_seconds=per_seconds) as attempt:
        return attempt.within(limit)


def count_attempt(request: HttpRequest, scope: str, *, per_seconds: int) -> "AttemptCount":
    """Count one attempt for this address in `scope`, and read the count later, with
    `within(limit)`, inside the `with` block this returns.

    With Redis, the count is sent at once and its reply read only when asked for: a view
    can check the post meanwhile instead of waiting for the round trip (a public question
    post, bench/questions.py). Other caches count at once."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _RedisAttemptCount(backend, key, per_seconds)
    return AttemptCount(count_in_window(key, per_seconds))


class AttemptCount:
    """An attempt counted in a rate-limit window: `within(limit)` says whether it is one of
    the first `limit` of its window."""

    def __init__(self, count: int):
        self._count = count

    def count(self) -> int:
        return self._count

    def within(self, limit: int) -> bool:
        return self.count() <= limit

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        pass


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


class _RedisAttemptCount(AttemptCount):
    """The count's command is written on creation to this thread's own connection (see
    _counting_connection), and its reply read by `count()`. Leaving the `with` block without
    reading it (an error in between) closes the connection, so no later count can read this
    reply as its own. Any trouble on that connection falls back to the cache's client, which
    reloads a script Redis forgot and retries a lost connection."""

    def __init__(self, backend: RedisCache, key: str, per_seconds: int):
        self._key = backend.make_and_validate_key(key)
        self._per_seconds = per_seconds
        self._client = backend._cache.get_client(self._key, write=True)
        script = _count_scripts.get(self._client)
        if script is None:
            script = _count_scripts[self._client] = self._client.register_script(_COUNT_SCRIPT)
        self._script = script
        self._count = None
        self._connection = _counting_connection(self._client.connection_pool)
        try:
            self._connection.send_command("EVALSHA", script.sha, 1, self._key, per_seconds)
        except (redis_errors.ConnectionError, redis_errors.TimeoutError):
            self._drop_connection()

    def count(self) -> int:
        if self._count is None:
            if self._connection is not None:
                try:
                    self._count = self._connection.read_response()
                except redis_errors.NoScriptError:
                    pass  # Redis restarted and forgot the script: nothing was counted.
                except (redis_errors.ConnectionError, redis_errors.TimeoutError):
                    # Maybe counted, maybe not: counting again errs on the side of the limit.
                    self._drop_connection()
                self._connection = None
            if self._count is None:
                self._count = self._script(keys=[self._key], args=[self._per_seconds])
        return self._count

    def _drop_connection(self) -> None:
        self._connection.disconnect()  # the next count connects again
        self._connection = None

    def __exit__(self, *exc_info) -> None:
        if self._connection is not None:
            self._drop_connection()


_counting = threading.local()


def _counting_connection(pool) -> "redis.Connection":
    """One connection per thread, beside the cache's pool, for counting attempts: taking
    one from the pool and giving it back (redis-py's locks, liveness check and metrics)
    cost more CPU than the count itself. It has the pool's settings and connects on first
    use; a forked process opens its own, and it goes (closed) with its pool."""
    connections = getattr(_counting, "connections", None)
    if connections is None or _counting.pid != os.getpid():
        connections = _counting.connections = weakref.WeakKeyDictionary()
        _counting.pid = os.getpid()
    connection = connections.get(pool)
    if connection is None:
        connection = connections[pool] = pool.connection_class(**pool.connection_kwargs)
    return connection


RATE_LIMIT_MESSAGE = _(
    "Recibimos muchos envíos desde su conexión en poco tiempo. Espere unos minutos y vuelva "
    "a intentarlo; lo que escribió sigue aquí."
)
