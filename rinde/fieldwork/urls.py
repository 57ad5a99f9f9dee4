from django.urls import path

from rinde.fieldwork import views

app_name = "fieldwork"

PROJECT = "plan/<plan:plan_slug>/proyecto/<str:code>/comentarios/"

urlpatterns = [
    path(PROJECT, views.comments, name="comments"),
    path(PROJECT + "comentar/", views.comment_form, name="comment"),
    path(PROJECT + "<int:pk>/reportar/", views.flag, name="flag"),
    path("plan/comentarios-ciudadanos/<str:code>/", views.received, name="received"),
    path("panel/proyectos/comentarios/", views.staff_list, name="staff_list"),
    path("panel/proyectos/comentarios/<int:pk>/moderar/", views.moderate, name="moderate"),
    path("panel/proyectos/comentarios/<int:pk>/responder/", views.answer, name="answer"),
]
