"""The HTTP around every API answer: HEAD, the anonymous rate limit, conditional requests
and caching headers, and errors as Spanish JSON.

It wraps each django-ninja view in urls.py rather than living in ninja: ninja answers HEAD
with 405 before any of its own hooks run, and the headers depend on the final bytes."""

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from rinde.core.antispam import check_rate_limit

JSON = "application/json; charset=utf-8"
# How long an address's last change is remembered (see last_modified).
SEEN_SECONDS = 60 * 60 * 24 * 30


def error_response(status: int, detail: str, errors: list[dict] | None = None) -> HttpResponse:
    body = json.dumps({"detalle": detail, "errores": errors or []}, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type=JSON)


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def last_modified(request: HttpRequest, etag: str) -> int:
    """When this address's answer last changed (a timestamp): kept in the cache with the
    answer's ETag, and moved to now whenever the ETag differs. Most rows have no
    modification time of their own, and the site version (core.public_cache) moves only
    when a service publishes; the answer's own bytes say exactly when it changed. Kept per
    address: two addresses answering the same bytes (two empty lists) changed at different
    times. With the cache down: now (clients fetch again, never keep a stale copy)."""
    # The whole address, host included: two entities' hosts answer the same paths.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    key = f"api:modified:{address}"
    now = int(datetime.now(UTC).timestamp())
    seen = cache.get(key)
    if isinstance(seen, tuple) and seen[0] == etag:
        return seen[1]
    cache.set(key, (etag, now), timeout=SEEN_SECONDS)
    return now


def add_caching_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ETag, Last-Modified and Cache-Control on the answer, and 304 when the client's copy
    is current (If-None-Match, else If-Modified-Since; django.utils.cache)."""
    etag = etag_of(response.content)
    modified = last_modified(request, etag)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(modified)
    response.headers["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
    # Public data without cookies or credentials: any site's script may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    if response.status_code == 200:
        return get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )
    return response


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's HTTP rules around one ninja view (or any view that returns JSON)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, _("Esta API es de solo lectura: use GET."))
            response.headers["Allow"] = "GET, HEAD"
            return response
        limit, seconds = settings.API_RATE_LIMIT
        if not check_rate_limit(request, "api", limit=limit, per_seconds=seconds):
            response = error_response(
                429,
                _(
                    "Demasiadas consultas desde su dirección: espere un minuto y vuelva a "
                    "intentarlo. Para descargas completas use los datos abiertos (/datos/)."
                ),
            )
            response.headers["Retry-After"] = str(seconds)
            response.headers["Cache-Control"] = "no-store"
            return response
        head = request.method == "HEAD"
        if head:
            # Ninja routes by method; a HEAD is the GET without its body.
            request.method = "GET"
        try:
            response = add_caching_headers(request, view(request, *args, **kwargs))
        finally:
            if head:
                request.method = "HEAD"
        # The body stays: the compression middleware outside must see it to give the HEAD
        # the GET's Content-Encoding, Content-Length, ETag and Vary; the server (gunicorn,
        # runserver, the test client) drops a HEAD's body, as for every other page.
        return response

    return wrapped
