from django.urls import path

from rinde.subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("suscripciones/", views.index, name="index"),
    path("suscripciones/boletines/", views.subscribe_bulletins, name="bulletins"),
    path("suscripciones/proyecto/<int:pk>/", views.subscribe_project, name="project"),
    path("suscripciones/pregunta/<str:code>/", views.subscribe_question, name="question"),
    path("suscripciones/revise-su-correo/", views.pending, name="pending"),
    path("suscripciones/confirmar/<str:token>/", views.confirm, name="confirm"),
    path("suscripciones/baja/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
