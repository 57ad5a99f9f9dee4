from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from rinde.core import heartbeat
from rinde.core.public_cache import public_page
from rinde.entity.models import Entity
from rinde.portal import navigation, whats_on


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    sections = [p for p in navigation.main_nav() if p.url_name != "portal:home"]
    open_now, coming = whats_on.steps(timezone.now())
    return render(
        request,
        "portal/home.html",
        {
            "sections": sections,
            "upcoming": navigation.UPCOMING,
            "open_now": open_now,
            "coming": coming,
            "report": whats_on.latest_figures(),
        },
    )


@require_safe
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


@require_safe
@public_page
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/terms.html")


@require_safe
@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@require_safe
@public_page
def copyright_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/copyright.html")


@require_safe
@public_page
def site_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/site_map.html",
        {
            "sections": navigation.SECTIONS,
            "legal_pages": navigation.LEGAL_PAGES,
            "plan_pages": navigation.plan_pages(),
        },
    )


@require_safe
@cache_control(public=True, max_age=300)
def entity_css(request: HttpRequest) -> HttpResponse:
    """The entity's colours as CSS custom properties (CSP forbids inline styles)."""
    entity = Entity.objects.current()
    css = (
        ":root{"
        f"--entity-primary:{entity.primary_colour};"
        f"--entity-secondary:{entity.secondary_colour};"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness, for the load balancer: 200 only when the database and the cache answer."""
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


@require_safe
@never_cache
def health_ready(request: HttpRequest) -> JsonResponse:
    """Readiness of the whole service, for the monitor: the database, the cache, a worker
    seen within WORKER_STALE_SECONDS and no task waiting longer than QUEUE_MAX_AGE_SECONDS.
    Each check gives its figure; nothing else (no host, version or setting) is shown."""
    checks: dict[str, dict] = {
        "database": {"ok": database_answers()},
        "cache": {"ok": cache_answers()},
    }
    try:
        seen = heartbeat.worker_seen_seconds_ago()
        checks["worker"] = {
            "ok": seen is not None and seen <= settings.WORKER_STALE_SECONDS,
            "seen_seconds_ago": None if seen is None else round(seen),
        }
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        checks["worker"] = {"ok": False, "seen_seconds_ago": None}
    try:
        age = heartbeat.queue_oldest_age_seconds()
        checks["queue"] = {
            "ok": age <= settings.QUEUE_MAX_AGE_SECONDS,
            "oldest_seconds": round(age),
        }
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        checks["queue"] = {"ok": False, "oldest_seconds": None}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": checks},
        status=200 if ready else 503,
    )


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def cache_answers() -> bool:
    try:
        cache.set("health:probe", "ok", 10)
        return cache.get("health:probe") == "ok"
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico whatever a page's <link rel="icon">.
    A temporary redirect: the file's name changes with its content (hashed static files)."""
    return HttpResponseRedirect(static("favicon.svg"))
