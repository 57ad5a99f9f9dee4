from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from rinde.api import reference
from rinde.api.endpoints import ERRORS, api
from rinde.api.http import error_response
from rinde.core.public_cache import public_page


@require_safe
@public_page
def reference_page(request: HttpRequest) -> HttpResponse:
    document = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "document": document,
            "operations": reference.operations(document),
            "errors": sorted(ERRORS.items()),
        },
    )


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    return error_response(
        404, _("No hay nada en esta dirección de la API: vea /api/ para la lista de recursos.")
    )
