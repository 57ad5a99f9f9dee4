from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.questions.models import AccessDenial, Answer, Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Read-only: questions change only through the services, which keep the legal trail."""

    list_display = [
        "tracking_code",
        "exercise",
        "status",
        "channel",
        "department",
        "current_due_on",
    ]
    list_filter = ["exercise", "status", "channel", "department"]
    search_fields = ["tracking_code", "text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Answer)
class AnswerAdmin(QuestionAdmin):
    list_display = ["question", "version", "state", "published_at"]
    list_filter = ["state"]
    search_fields = ["question__tracking_code"]


@admin.register(AccessDenial)
class AccessDenialAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Where a denial of access (Ley 1712 arts. 18-19) is recorded for the quarterly report;
    a question rejected as spam is not one."""

    list_display = ["question", "ground", "partial", "recorded_at"]
    list_filter = ["ground", "partial"]
    raw_id_fields = ["question"]
    search_fields = ["question__tracking_code"]

    def save_model(self, request, obj, form, change):
        # A denial belongs to its question's entity (as denials.record_denial files it).
        obj.entity_id = obj.question.entity_id
        super().save_model(request, obj, form, change)
