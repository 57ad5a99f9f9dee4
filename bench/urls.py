from django.http import HttpRequest, HttpResponse
from django.urls import path

from rinde.urls import urlpatterns as rinde_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The reference: the cheapest response Django gives through the full middleware stack."""
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial), *rinde_urlpatterns]
