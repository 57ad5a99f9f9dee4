from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.plan.models import Component, Indicator, Plan, Program, Project, StrategicLine, Territory


@admin.register(Plan)
class PlanAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "start_year",
        "end_year",
        "is_current",
        "light_red_below",
        "light_green_from",
    ]


@admin.register(StrategicLine, Component, Program, Territory)
class StructureAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Project)
class ProjectAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "department", "bpin"]
    list_filter = ["department"]
    search_fields = ["code", "name", "bpin"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "unit", "trend", "baseline", "target", "weight"]
    list_filter = ["trend"]
    search_fields = ["code", "name"]
