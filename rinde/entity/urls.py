from django.urls import path

from rinde.entity import views

app_name = "entity"

urlpatterns = [
    path("panel/primer-uso/", views.first_run_checklist, name="first_run"),
    path("panel/entidad/", views.entity_edit, name="edit"),
    path("panel/entidad/dependencias/", views.departments, name="departments"),
    path("panel/entidad/dependencias/lista/", views.department_list, name="department_list"),
    path("panel/entidad/dependencias/<int:pk>/", views.department_edit, name="department_edit"),
    path("panel/entidad/dias-no-habiles/", views.non_working_days, name="non_working_days"),
    path(
        "panel/entidad/dias-no-habiles/<int:pk>/quitar/",
        views.non_working_day_remove,
        name="non_working_day_remove",
    ),
]
