from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from rinde.core.media import serve_public
from rinde.operations.metrics import metrics_view

urlpatterns = [
    path("", include("rinde.portal.urls")),
    path("", include("rinde.questions.urls")),
    path("", include("rinde.plan.urls")),
    path("", include("rinde.evaluation.urls")),
    path("", include("rinde.improvements.urls")),
    path("", include("rinde.consultations.urls")),
    path("", include("rinde.outreach.urls")),
    path("", include("rinde.subscriptions.urls")),
    path("", include("rinde.fieldwork.urls")),
    path("", include("rinde.transparency.urls")),
    path("panel/", include("rinde.accounts.urls")),
    path("", include("rinde.exercises.urls")),
    path("", include("rinde.entity.urls")),
    path("", include("rinde.holders.urls")),
    path("", include("rinde.search.urls")),
    path("", include("rinde.hosting.urls")),
    path("panel/admin/", admin.site.urls),
    path("api/", include("rinde.api.urls")),
    # For Prometheus: loopback, METRICS_ALLOWED_IPS or a bearer token; a 404 for anyone else.
    path("metrics", metrics_view, name="metrics"),
]

if settings.SERVE_MEDIA:
    # One-box installs and the demo; behind nginx, MEDIA_URL is served by nginx instead,
    # with the same headers (docs/deployment.md). Never django.views.static.serve: it takes
    # the type from any extension, `.html` and `.svg` included.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_public, name="media")]

handler400 = "rinde.portal.errors.bad_request"
handler403 = "rinde.portal.errors.permission_denied"
handler404 = "rinde.portal.errors.page_not_found"
handler500 = "rinde.portal.errors.server_error"
