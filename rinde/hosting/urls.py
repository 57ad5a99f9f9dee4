from django.urls import path

from rinde.hosting import panel_views, views

app_name = "hosting"
urlpatterns = [
    path("entidades/", views.entities, name="entities"),
    # The host's panel: host-level (entity.middleware.HOST_LEVEL_PATHS).
    path("anfitrion/", panel_views.entity_list, name="panel"),
    path("anfitrion/entidades/nueva/", panel_views.entity_new, name="panel_entity_new"),
    path(
        "anfitrion/entidades/<slug:slug>/suspender/",
        panel_views.entity_suspend,
        name="panel_entity_suspend",
    ),
    path(
        "anfitrion/entidades/<slug:slug>/reactivar/",
        panel_views.entity_reactivate,
        name="panel_entity_reactivate",
    ),
    path("anfitrion/uso/recalcular/", panel_views.usage_refresh, name="panel_usage_refresh"),
    path("anfitrion/version/", panel_views.release, name="panel_release"),
]
