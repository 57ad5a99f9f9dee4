"""Compressed responses when no proxy compresses them (the demo, a one-box install).

Brotli when the client accepts it, gzip otherwise, only for text types (HTML, JSON, CSV,
XML, feeds, calendars, SVG): PDFs, images and XLSX files are compressed already. Placed
outside ConditionalGetMiddleware, so the ETag is computed on the page itself and a 304 has
no body to compress; the ETag is made weak, as the representation changes (RFC 9110 8.8.1).
A response that already has a Content-Encoding is left alone, and nginx in front does not
compress it again (its gzip filter skips any response with a Content-Encoding).

BREACH: an attacker who reflects chosen text into a compressed page next to a secret can
learn the secret from the sizes. The only secret Rinde puts in a page is the CSRF token,
which Django masks with a new random salt in every response; and gzip output is padded with
random bytes as Django's GZipMiddleware does. Still, a page that holds a CSRF token *and*
answers a request carrying input (a query string or a body) is sent uncompressed: such
pages are forms, small and rare, and the guarantee then does not rest on the masking alone.
"""

import re
from collections.abc import AsyncIterator, Iterator

import brotli
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import acompress_sequence, compress_sequence, compress_string

MIN_BYTES = 200
# As Django's GZipMiddleware: random padding in the gzip header against length attacks.
GZIP_RANDOM_BYTES = 100
# Quality 5 compresses a page about as well as gzip -9 at a fraction of brotli 11's cost:
# these are dynamic responses, compressed on every request.
BROTLI_QUALITY = 5
COMPRESSIBLE = re.compile(
    r"^(text/(?!event-stream)|application/(json|xml|javascript|atom\+xml|rss\+xml|"
    r"ld\+json|geo\+json|schema\+json|problem\+json|vnd\.oai\.openapi)|image/svg\+xml)"
)
_CODING = re.compile(r"\s*([a-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$", re.IGNORECASE)


def accepted_encoding(header: str) -> str | None:
    """`br`, `gzip` or None from an Accept-Encoding header, honouring q=0 refusals."""
    weights: dict[str, float] = {}
    for part in header.split(","):
        match = _CODING.match(part)
        if not match:
            continue
        try:
            weight = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        weights[match.group(1).lower()] = weight
    star = weights.get("*", 0.0)
    for coding in ("br", "gzip"):
        if weights.get(coding, star) > 0:
            return coding
    return None


def _reflects_input_beside_csrf_token(request: HttpRequest, response: HttpResponse) -> bool:
    carries_input = bool(request.META.get("QUERY_STRING")) or request.method == "POST"
    if not carries_input:
        return False
    # CsrfViewMiddleware (inside this one) has already cleared get_token()'s flag and set
    # the cookie instead; the form's hidden field is the other sign.
    return settings.CSRF_COOKIE_NAME in response.cookies or (
        not response.streaming and b'name="csrfmiddlewaretoken"' in response.content
    )


def _brotli_stream(chunks: Iterator[bytes]) -> Iterator[bytes]:
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    for chunk in chunks:
        # Flushed per chunk: a streamed download starts arriving at once, not at its end.
        data = compressor.process(chunk) + compressor.flush()
        if data:
            yield data
    yield compressor.finish()


async def _abrotli_stream(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    compressor = brotli.Compressor(quality=BROTLI_QUALITY)
    async for chunk in chunks:
        data = compressor.process(chunk) + compressor.flush()
        if data:
            yield data
    yield compressor.finish()


def should_compress(request: HttpRequest, response: HttpResponse) -> bool:
    # An install whose proxy compresses may turn this off to spare the workers' CPU; nginx
    # passes an encoded response through either way.
    if not getattr(settings, "COMPRESS_RESPONSES", True):
        return False
    if response.has_header("Content-Encoding") or response.has_header("Content-Range"):
        return False
    if not COMPRESSIBLE.match(response.get("Content-Type", "")):
        return False
    if not response.streaming and len(response.content) < MIN_BYTES:
        return False
    return not _reflects_input_beside_csrf_token(request, response)


def _not_modified(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A 304 carries the headers its 200 would (RFC 9110 15.4.5). Its (empty) body says
    nothing about compression, but the client's If-None-Match does: the weak form of the
    ETag is what a compressed 200 gave it."""
    etag = response.get("ETag", "")
    sent = request.META.get("HTTP_IF_NONE_MATCH", "")
    if etag.startswith('"') and "W/" + etag in sent:
        response.headers["ETag"] = "W/" + etag
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


class CompressionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.compress(request, self.get_response(request))

    def compress(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 304:
            return _not_modified(request, response)
        if not should_compress(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        coding = accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if coding is None:
            return response
        if response.streaming:
            if coding == "br":
                stream = _abrotli_stream if response.is_async else _brotli_stream
                response.streaming_content = stream(response.streaming_content)
            else:
                compress = acompress_sequence if response.is_async else compress_sequence
                response.streaming_content = compress(
                    response.streaming_content, max_random_bytes=GZIP_RANDOM_BYTES
                )
            # Unknown until the last chunk is sent.
            del response.headers["Content-Length"]
        else:
            if coding == "br":
                body = brotli.compress(response.content, quality=BROTLI_QUALITY)
            else:
                body = compress_string(response.content, max_random_bytes=GZIP_RANDOM_BYTES)
            if len(body) >= len(response.content):
                return response
            response.content = body
            response.headers["Content-Length"] = str(len(body))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = coding
        return response
