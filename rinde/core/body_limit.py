"""Refuse a request body too large to be anyone's upload before Django reads a byte of it.

Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE, FILE_UPLOAD_MAX_MEMORY_SIZE) apply while
it parses, and CSRF is checked after the body is parsed: a 300 MB anonymous upload was
spooled to disk before the CSRF refusal (issue 14). This middleware comes first and looks
only at the declared length. Behind nginx, `client_max_body_size` refuses earlier still
(docs/deployment.md); this is the check that holds when Django is reached directly.

Under WSGI, Django reads at most Content-Length bytes (LimitedStream), so a body without a
length (`Transfer-Encoding: chunked`) is never read at all: such a request is refused with
411 rather than silently seen as empty. (Django's ASGI handler reads the whole body before
any middleware runs: deploy with gunicorn's WSGI workers, as docs/deployment.md does.)
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.translation import gettext as _

PAGE = (
    '<!doctype html><html lang="es-CO"><head><meta charset="utf-8">'
    "<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
)


def refusal(status: int, title: str, text: str, request) -> HttpResponse:
    response = HttpResponse(PAGE.format(title=escape(title), text=escape(text)), status=status)
    # The unread body is still on the connection: gunicorn would read it through to reach
    # the next request on a kept-alive connection. Closing it sends nothing more our way.
    # (wsgiref, behind runserver, forbids setting this header and closes anyway.)
    if request.META.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        response["Connection"] = "close"
    return response


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        declared = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked:
            return refusal(
                411,
                _("Falta la longitud de la solicitud"),
                _("Envíe el formulario de nuevo desde el navegador."),
                request,
            )
        try:
            length = int(declared) if declared else 0
        except ValueError:
            length = -1
        if length < 0:
            return refusal(
                400,
                _("Solicitud no válida"),
                _("La solicitud declara una longitud que no es un número."),
                request,
            )
        if length > limit:
            return refusal(
                413,
                _("El envío es demasiado grande"),
                _(
                    "Lo enviado pesa %(size)s; el portal recibe hasta %(max)s por envío. "
                    "Reduzca el tamaño de los archivos e inténtelo de nuevo."
                )
                % {"size": filesizeformat(length), "max": filesizeformat(limit)},
                request,
            )
        return self.get_response(request)
