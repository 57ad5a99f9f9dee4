from django.contrib import admin

from rinde.consultations.models import Forum, Survey, SurveyOption
from rinde.core.admin import AuditedAdminMixin
from rinde.core.public_cache import refresh_public_pages


class OptionInline(admin.TabularInline):
    model = SurveyOption
    extra = 1


@admin.register(Survey)
class SurveyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["question", "exercise", "opens_at", "closes_at"]
    inlines = [OptionInline]


@admin.register(Forum)
class ForumAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Opening a forum: its question, presentation and dates. Comments are moderated and
    the summary published from the panel's forum page."""

    list_display = ["question", "exercise", "opens_at", "closes_at"]
    fields = ["exercise", "question", "intro", "opens_at", "closes_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_public_pages()  # the cached forum page shows the new question or dates

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_public_pages()
