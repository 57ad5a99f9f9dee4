"""Spanish error pages. The 500 page renders without the database: it may be what failed."""

import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from rinde.core import unavailable


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: the database down or the disk full
    # get their own answer (503, 507) instead of "an error of ours".
    special = unavailable.response_for(sys.exception())
    if special is not None:
        return special
    return HttpResponseServerError(loader.get_template("500.html").render())
