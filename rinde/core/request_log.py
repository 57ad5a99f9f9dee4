"""The outermost middleware: a request id for each request, its latency in the metrics, and
one access log line.

The id comes from the proxy's X-Request-ID only when Rinde sits behind a proxy it trusts
(TRUSTED_PROXY_COUNT > 0: nginx sets the header, overwriting whatever the client sent) and
the value is a sane token; otherwise it is generated here, as a client could put anything in
that header. It is echoed in the response, so a person reporting a fault can quote it.
"""

import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from rinde.core import logs, metrics

logger = logging.getLogger("rinde.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        proxy_id = request.headers.get("X-Request-ID") if settings.TRUSTED_PROXY_COUNT else None
        request_id = logs.accept_request_id(proxy_id)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = logs.request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            view = view_label(request)
            metrics.observe_request(view, request.method or "", response.status_code, duration)
            if logger.isEnabledFor(logging.INFO):
                log_access(request, response, view, duration)
            return response
        finally:
            logs.request_id_var.reset(token)


def log_access(request: HttpRequest, response: HttpResponse, view: str, duration: float) -> None:
    logger.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "view": view,
            "status": response.status_code,
            "duration_ms": round(duration * 1000, 1),
            "user_id": staff_user_id(request),
        },
    )


def view_label(request: HttpRequest) -> str:
    """The URL's name (`questions:detail`), or its view's dotted path when unnamed;
    `unresolved` for a path no URL matched (a 404, or a refusal before resolving)."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else "unresolved"


def staff_user_id(request: HttpRequest) -> int | None:
    """A staff member's id, never a citizen's; read only when the request already loaded
    its user, so the access line never costs a session or user query."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not wrapped.is_authenticated:
        return None
    return wrapped.pk if getattr(wrapped, "is_staff_member", False) else None
