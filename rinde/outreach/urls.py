from django.urls import path

from rinde.outreach import views

app_name = "outreach"

urlpatterns = [
    path("rendicion/<int:year>/programa-de-television/", views.episodes, name="episodes"),
    path("panel/difusion/", views.plan, name="plan"),
    path("panel/difusion/piezas/nueva/", views.piece_edit, name="piece_new"),
    path("panel/difusion/piezas/<int:pk>/", views.piece_edit, name="piece_edit"),
    path("panel/difusion/programa/nueva/", views.episode_new, name="episode_new"),
]
