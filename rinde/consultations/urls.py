from django.urls import path

from rinde.consultations import forum_views, moderation_views, panel_views, views

app_name = "consultations"

urlpatterns = [
    path("rendicion/<exercise:slug>/encuesta/", views.survey, name="survey"),
    path("rendicion/<exercise:slug>/encuesta/gracias/", views.thanks, name="thanks"),
    path(
        "rendicion/<exercise:slug>/encuesta/confirmar/<str:token>/", views.confirm, name="confirm"
    ),
    path("rendicion/<exercise:slug>/encuesta/widget/", views.widget, name="widget"),
    path(
        "rendicion/<exercise:slug>/encuesta/widget/gracias/",
        views.widget_thanks,
        name="widget_thanks",
    ),
    path("rendicion/<exercise:slug>/encuesta/banner.svg", views.banner, name="banner"),
    path("rendicion/<exercise:slug>/foro/", forum_views.forum_page, name="forum"),
    path("rendicion/<exercise:slug>/foro/comentar/", forum_views.comment_form, name="comment"),
    path(
        "rendicion/<exercise:slug>/foro/comentarios/<int:pk>/reportar/",
        forum_views.flag,
        name="flag",
    ),
    path("panel/foro/", forum_views.moderation, name="moderation"),
    path("panel/foro/comentarios/<int:pk>/moderar/", forum_views.moderate, name="moderate"),
    path("panel/foro/<int:pk>/resumen/", forum_views.summary, name="summary"),
    path(
        "panel/foro/comentarios/<int:pk>/restaurar/",
        moderation_views.restore,
        name="moderation_restore",
    ),
    path(
        "panel/foro/comentarios/<int:pk>/bloquear/",
        moderation_views.block,
        name="moderation_block",
    ),
    path(
        "panel/foro/bloqueos/<int:pk>/desbloquear/",
        moderation_views.unblock,
        name="moderation_unblock",
    ),
    path("panel/encuesta/", views.staff_surveys, name="staff_list"),
    path("panel/encuesta/nueva/", panel_views.survey_edit, name="survey_new"),
    path("panel/encuesta/<int:pk>/editar/", panel_views.survey_edit, name="survey_edit"),
    path("panel/encuesta/<int:pk>/eliminar/", panel_views.survey_delete, name="survey_delete"),
    path("panel/foro/nuevo/", panel_views.forum_edit, name="forum_new"),
    path("panel/foro/<int:pk>/editar/", panel_views.forum_edit, name="forum_edit"),
    path("panel/foro/<int:pk>/eliminar/", panel_views.forum_delete, name="forum_delete"),
    path("panel/encuesta/<int:pk>/respuestas.csv", views.staff_export, name="staff_export"),
    path(
        "panel/encuesta/<int:pk>/respuestas.xlsx", views.staff_export_xlsx, name="staff_export_xlsx"
    ),
    path(
        "panel/foro/<int:pk>/comentarios.<str:fmt>", views.staff_forum_export, name="forum_export"
    ),
]
