from django.urls import path

from rinde.search import views

app_name = "search"

urlpatterns = [path("buscar/", views.search, name="search")]
