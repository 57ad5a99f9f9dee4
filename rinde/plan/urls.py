from django.urls import path

from rinde.plan import evidence_views, import_urls, import_views, views

app_name = "plan"

urlpatterns = [
    path("plan/", views.overview, name="overview"),
    path("plan/linea/<str:code>/", views.line_detail, name="line"),
    path("plan/programa/<str:code>/", views.program_detail, name="program"),
    path("plan/proyecto/<str:code>/", views.project_detail, name="project"),
    path("panel/plan/", views.staff_reports, name="staff_reports"),
    path("panel/plan/cortes/<int:pk>/", views.staff_report, name="staff_report"),
    path(
        "panel/plan/cortes/<int:pk>/exportar.xlsx", import_views.staff_export, name="staff_export"
    ),
    path("panel/plan/cortes/<int:pk>/importar/", import_views.staff_import, name="staff_import"),
    path(
        "panel/plan/cortes/<int:pk>/evidencias/",
        evidence_views.staff_evidence,
        name="staff_evidence",
    ),
    path(
        "panel/plan/cortes/<int:pk>/evidencias/<int:evidence_pk>/quitar/",
        evidence_views.staff_evidence_remove,
        name="staff_evidence_remove",
    ),
    path(
        "panel/plan/cortes/<int:pk>/evidencias/<int:evidence_pk>/archivo/",
        evidence_views.staff_evidence_file,
        name="staff_evidence_file",
    ),
    path("panel/plan/cortes/<int:pk>/revisar/", views.staff_review, name="staff_review"),
    path("panel/plan/cortes/<int:pk>/corregir/", views.staff_correct, name="staff_correct"),
    path(
        "panel/plan/estructura/plantilla.xlsx",
        import_views.structure_template,
        name="structure_template",
    ),
    path(
        "panel/plan/estructura/exportar.xlsx",
        import_views.structure_export,
        name="structure_export",
    ),
    path("panel/plan/estructura/importar/", import_views.structure_import, name="structure_import"),
    path("panel/plan/importaciones/<int:pk>/", import_views.import_job, name="import_job"),
    path(
        "panel/plan/importaciones/<int:pk>/confirmar/",
        import_views.import_job_confirm,
        name="import_job_confirm",
    ),
]
urlpatterns += import_urls.urlpatterns
