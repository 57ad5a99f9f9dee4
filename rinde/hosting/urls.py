from django.urls import path

from rinde.hosting import views

app_name = "hosting"
urlpatterns = [
    path("entidades/", views.entities, name="entities"),
]
