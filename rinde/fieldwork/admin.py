from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.fieldwork.models import BlockedCommenter, FieldComment


@admin.register(FieldComment)
class FieldCommentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("tracking_code", "project", "status", "flag_count", "created_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("tracking_code", "body")
    readonly_fields = ("author_key", "flag_count", "created_at", "answered_by", "answered_at")


@admin.register(BlockedCommenter)
class BlockedCommenterAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("reason", "created_at")
