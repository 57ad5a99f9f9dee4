"""What an upload's preview parsed, kept in the session until staff confirm it.

A staff upload is parsed once for the preview; the confirm form carries only a key, and the
confirmation imports what the preview showed. The key is the content's hash and a few
previews are kept per flow, so two tabs each confirm their own file, never the other's.
Only JSON-serialisable data goes in (the session is JSON); the total kept per flow is
bounded. Used by the chat import (questions), the media directory (outreach) and the
departments list (entity)."""

import hashlib
import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# One per open tab is plenty; an older preview is forgotten and says it expired.
KEPT_PER_FLOW = 5
# The parsers refuse files over 2 MB; this bounds what a session holds for one flow.
MAX_CHARS_PER_FLOW = 8_000_000
# What a view says when take() finds nothing.
EXPIRED_MESSAGE = _("La vista previa venció. Suba el archivo otra vez.")


def _session_key(flow: str) -> str:
    return f"upload_preview:{flow}"


def _previews(request: HttpRequest, flow: str) -> dict[str, Any]:
    previews = request.session.get(_session_key(flow))
    return previews if isinstance(previews, dict) else {}


def _size(data: Any) -> int:
    return len(json.dumps(data, ensure_ascii=False))


def keep(request: HttpRequest, flow: str, data: Any) -> str:
    """Keep a preview's parsed data and return the key its confirm form carries. Older
    previews of the flow beyond KEPT_PER_FLOW, or beyond the size bound, are forgotten."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if len(encoded) > MAX_CHARS_PER_FLOW:
        raise ValueError(f"A preview of {len(encoded)} characters is too large to keep.")
    key = hashlib.sha256(encoded.encode()).hexdigest()[:16]
    previews = _previews(request, flow)
    previews.pop(key, None)
    previews[key] = data
    kept = dict(list(previews.items())[-KEPT_PER_FLOW:])
    total = sum(_size(value) for value in kept.values())
    while total > MAX_CHARS_PER_FLOW:  # the newest alone fits (checked above)
        oldest = next(iter(kept))
        total -= _size(kept.pop(oldest))
    request.session[_session_key(flow)] = kept
    return key


def take(request: HttpRequest, flow: str, key: str | None) -> Any | None:
    """The data kept under this key, or None when it expired or was already imported."""
    if not key:
        return None
    return _previews(request, flow).get(key)


def drop(request: HttpRequest, flow: str, key: str) -> None:
    """Forget a preview once it is imported, so a second confirm imports nothing."""
    previews = _previews(request, flow)
    if previews.pop(key, None) is not None:
        request.session[_session_key(flow)] = previews
