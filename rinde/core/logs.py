"""Log lines that say which request wrote them, one JSON object per line in production.

A request id is set for each request (core.request_log) in a context variable, so every log
record written while the request runs carries it, whoever writes it: Django's own
`django.request` errors, a service's warning, the access line. Production sets
LOG_FORMAT=json for a log collector; the demo's console stays plain text (settings.LOGGING).

Log lines carry ids and figures only: never an e-mail, a name or a citizen's text. The
access line gives the path without its query string (a search's words stay out of it) and
a staff member's user id (never a citizen's).
"""

import json
import logging
import re
import secrets
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

# nginx's $request_id is 32 hex digits; other proxies send UUIDs. Anything else (spaces,
# quotes, control characters, a novel) is replaced, so a log line can never be forged.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    # django.request and django.server attach the request object itself: never logged
    # whole (its headers hold cookies, its body a citizen's text).
    "request",
    "server_time",
}


def new_request_id() -> str:
    return secrets.token_hex(16)  # 32 hex digits, like nginx's $request_id


def accept_request_id(value: str | None) -> str:
    """The proxy's id when it is a sane token, else a new one."""
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return new_request_id()


class RequestContextFilter(logging.Filter):
    """Puts the current request id on every record (a handler's filter, so it also sees
    records that propagate from other loggers). Django logs a 4xx response ("Not Found: …")
    after the middleware has returned, but it passes the request along: its id is used."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id,
    the `extra=` fields given to the call, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
