"""Handing out uploaded files so that none can run as a page of the site's origin.

The same headers as nginx's `location /media/` in docs/deployment.md:
- the type comes from the stored extension alone (names Rinde generated, core.files), from a
  short list; any other file (an old upload named `page.html`) is `application/octet-stream`
  and a download;
- `X-Content-Type-Options: nosniff`, so no browser second-guesses that type;
- `Content-Security-Policy: default-src 'none'; sandbox`: even a file a browser did render
  as a document would get a unique opaque origin, no scripts, no forms, no requests;
- PDFs are downloads (`Content-Disposition: attachment`). Inline would be safe under
  `sandbox`, but Chromium refuses to show a PDF in a sandboxed document, so inline would
  only show a blank page: a download opens in the reader the person chose.
"""

from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join
from django.utils.http import content_disposition_header

from rinde.core.files import SERVED_TYPES

# img-src: so a browser still shows an image opened on its own.
SANDBOX_CSP = "default-src 'none'; img-src 'self'; sandbox"
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})


def served_type(name: str) -> str:
    return SERVED_TYPES.get(Path(name).suffix.lower().lstrip("."), "application/octet-stream")


def protect(response, name: str, download_name: str = "") -> HttpResponse:
    """Set the type from `name`'s extension and the headers that keep the file inert."""
    content_type = served_type(name)
    attachment = content_type not in INLINE_TYPES
    response["Content-Type"] = content_type
    # FileResponse guesses an encoding from names like `x.svg.gz`: the bytes are sent as is.
    if "Content-Encoding" in response:
        del response["Content-Encoding"]
    if download_name:
        # Old rows kept the name as typed: whatever it says, the extension is the served one.
        stem = PurePosixPath(download_name).stem or "archivo"
        known = content_type != "application/octet-stream"
        download_name = stem + (Path(name).suffix.lower() if known else ".bin")
    response["Content-Disposition"] = (
        content_disposition_header(attachment, download_name) or "inline"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response


def serve_public(request, path: str):
    """MEDIA_URL in the demo and one-box installs (SERVE_MEDIA=1), replacing
    django.views.static.serve, which takes the type from any extension (`.html`, `.svg`)."""
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception as error:  # SuspiciousFileOperation: a path that leaves MEDIA_ROOT
        raise Http404 from error
    if not full.is_file():
        raise Http404
    response = FileResponse(full.open("rb"))
    return protect(response, full.name)


def private_file_response(field_file, download_name: str = "") -> HttpResponse:
    """A staff view's answer for a file in private storage, after its permission check.

    Behind nginx (PRIVATE_MEDIA_ACCEL_PREFIX set, e.g. `/_private/`), Django sends only
    headers and nginx sends the bytes from an `internal` location; otherwise Django streams
    the file itself."""
    name = field_file.name
    download_name = download_name or Path(name).name
    prefix = getattr(settings, "PRIVATE_MEDIA_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(field_file.open("rb"))
    response = protect(response, name, download_name)
    # Drafts are never kept in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
