from django.urls import path

from rinde.core import views

app_name = "core"

urlpatterns = [
    path("auditoria/", views.audit_list, name="audit_list"),
]
