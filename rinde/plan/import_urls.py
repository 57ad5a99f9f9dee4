from django.urls import path

from rinde.plan import import_views, mapping_views

# Included in plan/urls.py (app "plan").
urlpatterns = [
    path(
        "panel/plan/importaciones/<int:pk>/columnas/",
        mapping_views.import_columns,
        name="import_columns",
    ),
    path("panel/plan/avance/importar/", import_views.period_import, name="period_import"),
]
