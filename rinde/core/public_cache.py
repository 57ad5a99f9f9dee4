"""Whole-page caching for anonymous public pages, invalidated by a site-wide version.

Publishing anything public calls `bump_site_version()`; every cached page then misses once
and is rendered again. Responses vary on Cookie (the templates read the session), so a
logged-in person never gets an anonymous page nor the other way round, and Django never
caches a response that sets a cookie for a cookie-less request (e.g. a CSRF token).
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_vary_headers

VERSION_KEY = "public:version"


def site_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def bump_site_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def refresh_public_pages() -> None:
    """Inside a transaction that publishes something: bump the version now and again after
    the commit, so a request served in between cannot keep the old page for the cache's
    lifetime."""
    bump_site_version()
    transaction.on_commit(bump_site_version)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        def render(req: HttpRequest) -> HttpResponse:
            response = view(req, *args, **kwargs)
            # The session middleware adds this only after we have stored the page: add it
            # first, so the cache keeps anonymous and logged-in versions apart.
            patch_vary_headers(response, ("Cookie",))
            return response

        middleware = CacheMiddleware(
            render,
            page_timeout=settings.PUBLIC_PAGE_CACHE_SECONDS,
            key_prefix=f"public:v{site_version()}",
        )
        return middleware(request)

    return wrapped
