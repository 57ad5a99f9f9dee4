from django.urls import path

from rinde.exercises import views

app_name = "exercises"

urlpatterns = [
    path("rendicion/", views.exercise_list, name="list"),
    path("rendicion/<exercise:slug>/", views.exercise_detail, name="detail"),
    path("panel/rendicion/", views.panel_exercises, name="panel_list"),
    path("panel/rendicion/nuevo/", views.panel_exercise_create, name="panel_create"),
    path("panel/rendicion/<exercise:slug>/", views.panel_exercise, name="panel_exercise"),
    path(
        "panel/rendicion/<exercise:slug>/documentos/nuevo/",
        views.panel_document_upload,
        name="panel_document_upload",
    ),
    path("panel/rendicion/acciones/<int:pk>/", views.panel_action_edit, name="panel_action"),
    path(
        "panel/rendicion/documentos/<int:pk>/retirar/",
        views.panel_document_unpublish,
        name="panel_document_unpublish",
    ),
    path(
        "panel/rendicion/documentos/<int:pk>/archivo/",
        views.panel_document_file,
        name="panel_document_file",
    ),
    path(
        "panel/rendicion/documentos/<int:pk>/publicar/",
        views.panel_document_publish,
        name="panel_document_publish",
    ),
]

urlpatterns += [
    path("rendicion/calendario.ics", views.calendar_feed, name="calendar"),
    path("rendicion/<exercise:slug>/eventos/<int:pk>/", views.event_detail, name="event"),
    path(
        "rendicion/<exercise:slug>/eventos/<int:pk>/evento.ics", views.event_ics, name="event_ics"
    ),
    path(
        "rendicion/<exercise:slug>/eventos/<int:pk>/inscripcion/<slug:kind>/",
        views.register,
        name="register",
    ),
    path(
        "rendicion/<exercise:slug>/eventos/<int:pk>/inscrito/<str:code>/",
        views.registration_done,
        name="registration_done",
    ),
    path(
        "panel/rendicion/eventos/<int:pk>/inscripciones/",
        views.panel_registrations,
        name="panel_registrations",
    ),
    path(
        "panel/rendicion/eventos/<int:pk>/inscripciones.csv",
        views.panel_registrations_csv,
        name="panel_registrations_csv",
    ),
    path(
        "panel/rendicion/inscripciones/<int:pk>/asistencia/",
        views.panel_check_in,
        name="panel_check_in",
    ),
]

urlpatterns += [
    path(
        "panel/rendicion/<exercise:slug>/eventos/nuevo/",
        views.panel_event_edit,
        name="panel_event_create",
    ),
    path(
        "panel/rendicion/<exercise:slug>/eventos/<int:pk>/",
        views.panel_event_edit,
        name="panel_event_edit",
    ),
]

urlpatterns += [
    path(
        "panel/rendicion/eventos/<int:pk>/inscripciones.xlsx",
        views.panel_registrations_xlsx,
        name="panel_registrations_xlsx",
    ),
]

urlpatterns += [
    path(
        "panel/rendicion/<exercise:slug>/editar/",
        views.panel_exercise_edit,
        name="panel_exercise_edit",
    ),
]

urlpatterns += [
    path(
        "panel/rendicion/<exercise:slug>/acciones/nueva/",
        views.panel_action_create,
        name="panel_action_create",
    ),
    path(
        "panel/rendicion/acciones/<int:pk>/eliminar/",
        views.panel_action_delete,
        name="panel_action_delete",
    ),
]

# New exercises and published documents as RSS and Atom (rinde.subscriptions lists them).
from rinde.core.public_cache import public_page  # noqa: E402
from rinde.exercises import feeds  # noqa: E402

urlpatterns += [
    path("rendicion/feed/", public_page(feeds.ExercisesFeed()), name="feed"),
    path("rendicion/atom/", public_page(feeds.ExercisesAtomFeed()), name="atom"),
    path("rendicion/documentos/feed/", public_page(feeds.DocumentsFeed()), name="documents_feed"),
    path(
        "rendicion/documentos/atom/", public_page(feeds.DocumentsAtomFeed()), name="documents_atom"
    ),
]
