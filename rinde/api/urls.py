"""/api/: the ninja operations, each behind the API's HTTP rules (http.api_view), the
readable reference at /api/docs, and a JSON 404 for any other address under /api/."""

from django.urls import URLPattern, path, re_path

from rinde.api import views
from rinde.api.endpoints import api
from rinde.api.http import api_view

app_name = "api"


def _wrapped(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = api_view(pattern.callback)
        yield pattern


ninja_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("docs", views.reference_page, name="docs"),
    *_wrapped(ninja_patterns),
    re_path(r"^.*$", api_view(views.not_found), name="not_found"),
]
