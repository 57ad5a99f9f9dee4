from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.exercises.models import Event, Exercise


@admin.register(Exercise)
class ExerciseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "title", "planning_instrument", "is_published"]


@admin.register(Event)
class EventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "exercise", "kind", "starts_at", "modality"]
    list_filter = ["exercise", "kind"]
