from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.exercises import services
from rinde.exercises.forms import ExerciseAdminForm, OversightCommitteeAdminForm
from rinde.exercises.models import (
    Action,
    AgendaItem,
    Document,
    Event,
    EventDetails,
    Exercise,
    OversightCommittee,
    Registration,
    Stage,
)


@admin.register(Exercise)
class ExerciseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = ExerciseAdminForm
    list_display = ["year", "title", "planning_instrument", "is_published"]


class EventDetailsInline(admin.StackedInline):
    model = EventDetails
    can_delete = False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1


@admin.register(Event)
class EventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "exercise", "kind", "starts_at", "modality"]
    list_filter = ["exercise", "kind"]
    inlines = [EventDetailsInline, AgendaItemInline]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["position", "description", "element", "department", "due_on", "status"]


@admin.register(Stage)
class StageAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "exercise", "kind"]
    list_filter = ["exercise"]
    inlines = [ActionInline]


@admin.register(Document)
class DocumentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "exercise", "kind", "version", "published_at"]
    list_filter = ["exercise", "kind"]
    # Publication copies the PDF out of private storage: it goes through the panel's
    # "Publicar" (exercises.services.publish_document), not a date typed here.
    readonly_fields = ["size", "sha256", "version", "uploaded_by", "published_at"]

    def save_model(self, request, obj, form, change):
        services.prepare_document(obj)
        super().save_model(request, obj, form, change)


@admin.register(Registration)
class RegistrationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "event", "kind", "created_at", "checked_in_at"]
    list_filter = ["event", "kind"]
    search_fields = ["code"]


@admin.register(OversightCommittee)
class OversightCommitteeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = OversightCommitteeAdminForm
    list_display = ["name", "is_active"]
    filter_horizontal = ["members"]
