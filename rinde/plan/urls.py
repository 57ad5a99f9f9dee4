from django.urls import path, register_converter

from rinde.plan import (
    action_plan_views,
    evidence_views,
    import_urls,
    import_views,
    plans_views,
    views,
)


class PlanSlugConverter:
    """A plan's address: its years, «2020-2023» (a suffix only if two plans share them)."""

    regex = r"[0-9]{4}-[0-9]{4}(?:-[0-9]+)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PlanSlugConverter, "plan")

app_name = "plan"

# Each public page twice under the same name: without a slug it shows the vigente plan
# (the addresses of before, still linked from outside); with one, that plan for good.
# reverse() picks the pattern by the number of arguments given.
urlpatterns = [
    path("plan/", views.overview, name="overview"),
    path("plan/linea/<str:code>/", views.line_detail, name="line"),
    path("plan/programa/<str:code>/", views.program_detail, name="program"),
    path("plan/proyecto/<str:code>/", views.project_detail, name="project"),
    path("plan/<plan:plan_slug>/", views.overview, name="overview"),
    path("plan/<plan:plan_slug>/linea/<str:code>/", views.line_detail, name="line"),
    path("plan/<plan:plan_slug>/programa/<str:code>/", views.program_detail, name="program"),
    path("plan/<plan:plan_slug>/proyecto/<str:code>/", views.project_detail, name="project"),
    path(
        "plan/<plan:plan_slug>/plan-de-accion/<int:year>/",
        action_plan_views.public_action_plan,
        name="action_plan",
    ),
    path(
        "plan/<plan:plan_slug>/plan-de-accion/<int:year>/plan-de-accion.xlsx",
        action_plan_views.public_action_plan_xlsx,
        name="action_plan_xlsx",
    ),
    path("panel/plan/planes/", plans_views.staff_plans, name="staff_plans"),
    path("panel/plan/planes/nuevo/", plans_views.staff_plan_edit, name="staff_plan_new"),
    path("panel/plan/planes/<int:pk>/", plans_views.staff_plan_edit, name="staff_plan_edit"),
    path(
        "panel/plan/planes/<int:pk>/vigente/",
        plans_views.staff_plan_make_current,
        name="staff_plan_make_current",
    ),
    path(
        "panel/plan/planes/<int:pk>/plan-de-accion/<int:year>/",
        action_plan_views.staff_action_plan,
        name="staff_action_plan",
    ),
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
