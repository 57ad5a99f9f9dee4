from django.http import HttpRequest, HttpResponse
from django.urls import path

from rinde.urls import urlpatterns as rinde_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The reference: the cheapest response Django gives through the full middleware stack."""
    return HttpResponse("ok")


def trivial_post(request: HttpRequest) -> HttpResponse:
    """The reference for form posts: same middleware (CSRF included), no work."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial/post/", trivial_post),
    *rinde_urlpatterns,
]
