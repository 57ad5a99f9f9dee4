from django.urls import path

from rinde.plan import mapping_views

# Included in plan/urls.py (app "plan").
urlpatterns = [
    path(
        "panel/plan/importaciones/<int:pk>/columnas/",
        mapping_views.import_columns,
        name="import_columns",
    ),
]
