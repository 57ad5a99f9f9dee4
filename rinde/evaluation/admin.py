from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.evaluation.models import EvaluationForm, EvaluationQuestion


class QuestionInline(admin.TabularInline):
    model = EvaluationQuestion
    extra = 1
    fields = [
        "order",
        "code",
        "text",
        "kind",
        "required",
        "options",
        "scale_min",
        "scale_max",
        "maps_to_outreach",
    ]


@admin.register(EvaluationForm)
class EvaluationFormAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The form builder: questions, kinds, order and required flags. Answers are never edited."""

    list_display = ["title", "event", "opens_at", "closes_at"]
    inlines = [QuestionInline]
