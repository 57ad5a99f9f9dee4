from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from rinde.core.admin import AuditedAdminMixin
from rinde.core.numbers import ColombianDecimalField
from rinde.plan import figures
from rinde.plan.models import (
    Component,
    Indicator,
    Plan,
    Program,
    Project,
    StrategicLine,
    Territory,
    YearTarget,
)


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


def _taken_in_entity(instance, **values) -> bool:
    """Whether another row of the instance's entity holds these values: the unique rules
    per entity name the entity, which admin's form does not carry, so Django's own check
    skips them and a duplicate would be a database error (a 500)."""
    rows = type(instance)._default_manager.filter(entity=instance.entity_id, **values)
    return rows.exclude(pk=instance.pk).exists()


NO_ENTITY_YET = _("Registre primero los datos de la entidad.")


class PlanAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.entity_id is None:
            raise forms.ValidationError(NO_ENTITY_YET)
        if cleaned.get("slug") and _taken_in_entity(self.instance, slug=cleaned["slug"]):
            self.add_error("slug", _("Ya hay un plan con esta dirección."))
        if cleaned.get("is_current") and _taken_in_entity(self.instance, is_current=True):
            self.add_error("is_current", _("Ya hay un plan vigente: solo uno lo es."))
        return cleaned


class TerritoryAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.entity_id is None:
            raise forms.ValidationError(NO_ENTITY_YET)
        kind, name = cleaned.get("kind"), cleaned.get("name")
        if kind and name and _taken_in_entity(self.instance, kind=kind, name=name):
            self.add_error("name", _("Ya hay un territorio de este tipo con este nombre."))
        return cleaned


@admin.register(Plan)
class PlanAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    form = PlanAdminForm
    list_display = [
        "name",
        "start_year",
        "end_year",
        "slug",
        "reporting_frequency",
        "is_current",
        "light_red_below",
        "light_green_from",
        "expected_curve",
    ]


@admin.register(StrategicLine, Component, Program)
class StructureAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Territory)
class TerritoryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = TerritoryAdminForm


@admin.register(Project)
class ProjectAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "plan", "department", "bpin"]
    list_filter = ["plan", "department"]
    search_fields = ["code", "name", "bpin"]


class YearTargetInline(admin.TabularInline):
    """The yearly targets of the Plan Indicativo: the year's figure is measured against them."""

    model = YearTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(RebuildsFiguresMixin, AuditedAdminMixin, admin.ModelAdmin):
    inlines = [YearTargetInline]
    list_display = ["code", "name", "plan", "unit", "trend", "baseline", "target", "weight"]
    list_filter = ["plan", "trend"]
    search_fields = ["code", "name"]
