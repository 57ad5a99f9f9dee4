from django.urls import path

from rinde.improvements import views

app_name = "improvements"

urlpatterns = [
    path("rendicion/<exercise:slug>/mejoramiento/", views.public_plan, name="public"),
    path("panel/mejoramiento/", views.staff_list, name="staff_list"),
    path("panel/mejoramiento/nueva/", views.staff_new, name="staff_new"),
    path("panel/mejoramiento/<int:pk>/", views.staff_edit, name="staff_edit"),
]
