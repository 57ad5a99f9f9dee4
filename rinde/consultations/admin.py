from django.contrib import admin

from rinde.consultations.models import Survey, SurveyOption
from rinde.core.admin import AuditedAdminMixin


class OptionInline(admin.TabularInline):
    model = SurveyOption
    extra = 1


@admin.register(Survey)
class SurveyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["question", "exercise", "opens_at", "closes_at"]
    inlines = [OptionInline]
