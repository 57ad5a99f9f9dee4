from django.urls import path

from rinde.outreach import archive_views, bulletin_views, views
from rinde.outreach.feeds import BulletinAtomFeed

app_name = "outreach"

urlpatterns = [
    path("rendicion/<exercise:slug>/programa-de-television/", views.episodes, name="episodes"),
    path("rendicion/<exercise:slug>/archivo/", archive_views.public_archive, name="archive"),
    path("boletines/", bulletin_views.bulletin_list, name="bulletins"),
    path("boletines/feed/", bulletin_views.BulletinFeed(), name="feed"),
    path("boletines/atom/", BulletinAtomFeed(), name="atom"),
    path("boletines/baja/<str:token>/", bulletin_views.unsubscribe, name="unsubscribe"),
    path("boletines/<slug:slug>/", bulletin_views.bulletin_detail, name="bulletin"),
    path("panel/difusion/boletines/", bulletin_views.staff_bulletins, name="staff_bulletins"),
    path("panel/difusion/medios/", bulletin_views.staff_directory, name="staff_directory"),
    path("panel/difusion/listas/", bulletin_views.staff_lists, name="staff_lists"),
    path("panel/difusion/listas/<int:pk>/", bulletin_views.staff_list, name="staff_list"),
    path(
        "panel/difusion/boletines/nuevo/", bulletin_views.staff_bulletin, name="staff_bulletin_new"
    ),
    path(
        "panel/difusion/boletines/<int:pk>/", bulletin_views.staff_bulletin, name="staff_bulletin"
    ),
    path(
        "panel/difusion/boletines/<int:pk>/<slug:action>/",
        bulletin_views.staff_bulletin_action,
        name="staff_bulletin_action",
    ),
    path("panel/difusion/", views.plan, name="plan"),
    path("panel/difusion/piezas/nueva/", views.piece_edit, name="piece_new"),
    path("panel/difusion/piezas/<int:pk>/", views.piece_edit, name="piece_edit"),
    path("panel/difusion/programa/nueva/", views.episode_edit, name="episode_new"),
    path("panel/difusion/programa/<int:pk>/", views.episode_edit, name="episode_edit"),
    path("panel/difusion/programa/<int:pk>/eliminar/", views.episode_delete, name="episode_delete"),
    path("panel/difusion/archivo/", archive_views.staff_archive, name="staff_archive"),
    path("panel/difusion/archivo/nuevo/", archive_views.staff_deliverable, name="deliverable_new"),
    path(
        "panel/difusion/archivo/<int:pk>/",
        archive_views.staff_deliverable,
        name="deliverable_edit",
    ),
    path(
        "panel/difusion/archivo/<int:pk>/eliminar/",
        archive_views.staff_deliverable_delete,
        name="deliverable_delete",
    ),
    path("panel/difusion/archivo/zip/", archive_views.staff_archive_zip, name="archive_zip"),
    path(
        "panel/difusion/archivo/zip/<int:pk>/",
        archive_views.staff_archive_zip_download,
        name="archive_zip_download",
    ),
]
