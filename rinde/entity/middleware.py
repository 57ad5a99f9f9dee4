"""EntityMiddleware: resolves the request's entity (resolution.py), answers for unknown
and suspended ones, and runs the rest of the request with that entity active
(scoping.activate) and on `request.entity`. docs/tenancy.md, steps 4 and 5."""

import re
from collections.abc import Callable, Iterable, Iterator
from typing import cast

from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.http.request import split_domain_port
from django.template import loader
from django.urls import get_script_prefix, set_script_prefix

from rinde.entity import resolution, scoping
from rinde.entity.models import Entity

# As long as Entity.slug at most: a longer one is no slug, and is not looked up or cached.
SLUG_PREFIX = re.compile(r"^/e/(?P<slug>[-a-zA-Z0-9_]{1,80})(?P<rest>/.*)?$", re.DOTALL)
# The installation's own health and metrics, for the load balancer and the monitor:
# answered for a suspended entity, and with no entity at all when the host is one no
# Domain names (a probe or a Prometheus scrape at the machine's address). /metrics keeps
# its own guard (operations.metrics.may_scrape). /entidades/ compares every entity
# (rinde.hosting): the host's own page, at the machine's address too; so is the host's
# panel, /anfitrion/ (hosting.panel_views), which works on every entity.
HOST_LEVEL_PATHS = ("/health/", "/metrics", "/entidades/", "/anfitrion/")


class EntityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        prefix = get_script_prefix()
        try:
            return self._serve(request)
        finally:
            # The script prefix is per thread and outlives the request: the next request on
            # this thread (or a test after it) must not reverse() into this one's entity.
            set_script_prefix(prefix)

    def _serve(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info.startswith(settings.MEDIA_URL):
            # Uploaded files, as nginx serves them in production (core.media otherwise):
            # no entity, like the static files. Step 7 of docs/tenancy.md puts them under
            # their entity and checks it in the media view.
            request.entity = None  # type: ignore[attr-defined]
            return self.get_response(request)
        host, _port = split_domain_port(request.get_host())
        entity = None
        # Asked once: each answer is a cache round trip, on every request.
        has_domains = resolution.has_domains()
        if has_domains:
            entity = resolution.entity_for_host(host)
        if entity is None:
            slug_match = SLUG_PREFIX.match(request.path_info)
            if slug_match:
                entity = resolution.entity_for_slug(slug_match["slug"])
                if entity is None:
                    return _not_found()
                if not slug_match["rest"]:
                    return HttpResponsePermanentRedirect(_with_slash(request))
                _move_prefix(request, f"/e/{entity.slug}", slug_match["rest"])
            elif has_domains:
                if not _is_host_level(request):
                    return _not_found()
            else:
                # No Domain rows: the single entity on any allowed host, or none before the
                # first-run set-up (whose pages must work without one).
                entity = resolution.single_entity()
        if entity is not None and not entity.is_active and not _is_host_level(request):
            return _suspended(entity)
        request.entity = entity  # type: ignore[attr-defined]
        with scoping.activate(entity):
            response = self.get_response(request)
        if (
            isinstance(response, StreamingHttpResponse)
            and not isinstance(response, FileResponse)  # a file's bytes need no entity
            and not response.is_async
        ):
            # A streamed body (CSV exports) is produced after this method returns.
            content = cast(Iterator[bytes], response.streaming_content)  # not async: above
            response.streaming_content = _in_scope(content, entity)
        return response


def _is_host_level(request: HttpRequest) -> bool:
    return request.path_info.startswith(HOST_LEVEL_PATHS)


def _move_prefix(request: HttpRequest, prefix: str, rest: str) -> None:
    """/e/<slug>/x/ becomes the script prefix /e/<slug>/ and the path /x/: the URL conf
    resolves /x/ as on an entity's own host, and reverse() and every link keep the prefix.
    request.path stays the whole path, as Django has it under a SCRIPT_NAME."""
    script_name = request.META.get("SCRIPT_NAME", "").rstrip("/") + prefix
    request.META["SCRIPT_NAME"] = script_name
    request.META["PATH_INFO"] = rest
    request.path_info = rest
    set_script_prefix(script_name)


def _with_slash(request: HttpRequest) -> str:
    query = request.META.get("QUERY_STRING", "")
    return request.path + "/" + (f"?{query}" if query else "")


def _in_scope(content: Iterable[bytes], entity: Entity | None) -> Iterator[bytes]:
    # Activated around each chunk, not across the yields: the context var must be reset in
    # the same context it was set in, and a client that goes away never finishes the loop.
    chunks = iter(content)
    while True:
        with scoping.activate(entity):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


# Both pages render without a request context, as the other error pages that cannot
# trust their surroundings do: the context processors would show another entity's name.
def _not_found() -> HttpResponse:
    return HttpResponseNotFound(loader.get_template("entity/unknown.html").render())


def _suspended(entity: Entity) -> HttpResponse:
    body = loader.get_template("entity/suspended.html").render({"entity_name": entity.name})
    response = HttpResponse(body, status=503)
    response["Cache-Control"] = "no-store"
    return response
