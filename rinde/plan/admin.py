from django.contrib import admin
from django.db import models

from rinde.core.admin import AuditedAdminMixin
from rinde.core.numbers import ColombianDecimalField
from rinde.plan import figures
from rinde.plan.models import Component, Indicator, Plan, Program, Project, StrategicLine, Territory


def plan_of(obj):
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, StrategicLine):
        return obj.plan
    if isinstance(obj, Component):
        return obj.line.plan
    if isinstance(obj, Program):
        return obj.component.line.plan
    if isinstance(obj, Project):
        return obj.program.component.line.plan
    if isinstance(obj, Indicator):
        return obj.project.program.component.line.plan
    return None


class RebuildsFiguresMixin:
    """Weights, targets and the tree feed the stored dashboard figures: recompute them.
    Their numbers are read and shown as every plan form does (core.numbers)."""

    formfield_overrides = {models.DecimalField: {"form_class": ColombianDecimalField}}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if (plan := plan_of(obj)) is not None:
            figures.schedule_rebuild(plan)

    def delete_model(self, request, obj):
        plan = plan_of(obj)
        super().delete_model(request, obj)
        if plan is not None and plan.pk is not None:
            figures.schedule_rebuild(plan)


@admin.register(Plan)
class PlanAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "start_year",
        "end_year",
        "is_current",
        "light_red_below",
        "light_green_from",
    ]


@admin.register(StrategicLine, Component, Program, Territory)
class StructureAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Project)
class ProjectAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "department", "bpin"]
    list_filter = ["department"]
    search_fields = ["code", "name", "bpin"]


@admin.register(Indicator)
class IndicatorAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "unit", "trend", "baseline", "target", "weight"]
    list_filter = ["trend"]
    search_fields = ["code", "name"]
