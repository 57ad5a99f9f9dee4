from django.urls import path

from rinde.transparency import panel_views, views

app_name = "transparency"

urlpatterns = [
    path("transparencia/", views.transparency, name="transparency"),
    path("participa/", views.participa_page, name="participa"),
    path("panel/transparencia/", panel_views.settings_list, name="panel"),
    path("panel/transparencia/<str:number>/", panel_views.setting_edit, name="panel_edit"),
    path("panel/transparencia/<str:number>/quitar/", panel_views.setting_clear, name="panel_clear"),
]
