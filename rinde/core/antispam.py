"""Anti-spam for public forms without third-party services: a honeypot field, a minimum
time to fill (signed start time), and per-address rate limits in the cache.

Use `PublicForm` as the base of every citizen form and call `check_rate_limit` in the view
before saving. Errors are Spanish and keep what the person typed (the form re-renders bound).
"""

import time

from django import forms
from django.core import signing
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from rinde.core.http import client_ip

MIN_SECONDS_TO_FILL = 3
MAX_SECONDS_TO_FILL = 60 * 60 * 6
_SIGNER_SALT = "rinde.antispam.started"


def sign_start(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=_SIGNER_SALT)


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
    try:
        started_at = signing.loads(started, salt=_SIGNER_SALT, max_age=MAX_SECONDS_TO_FILL)
    except signing.BadSignature:
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
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _count_in_redis(backend, key, per_seconds) <= limit
    if cache.add(key, 1, per_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, per_seconds)
        return True
    return count <= limit


# The same fixed window as add + incr, atomic (a script runs alone in Redis), so the key
# cannot expire between the two and be left without its expiry: the first count opens the
# window.
_COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
_count_scripts = {}


def _count_in_redis(backend: RedisCache, key: str, per_seconds: int) -> int:
    """One round trip and one command (EVALSHA; redis-py loads the script again if Redis
    forgot it), instead of three with Django's incr (it asks EXISTS first), or the four of
    a MULTI/SET NX EX/INCR/EXEC pipeline, whose packing cost a public post more CPU."""
    key = backend.make_and_validate_key(key)
    client = backend._cache.get_client(key, write=True)
    script = _count_scripts.get(client)
    if script is None:
        script = _count_scripts[client] = client.register_script(_COUNT_SCRIPT)
    return script(keys=[key], args=[per_seconds])


RATE_LIMIT_MESSAGE = _(
    "Recibimos muchos envíos desde su conexión en poco tiempo. Espere unos minutos y vuelva "
    "a intentarlo; lo que escribió sigue aquí."
)
