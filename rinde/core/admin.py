from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction

from rinde.core import audit
from rinde.core.models import AuditEntry


class AuditedAdminMixin:
    """Every change made through Django admin goes to the audit log, in the same transaction
    (admin's change views already run inside one)."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = "update" if change else "create"
            audit.record(
                actor=request.user,
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.{action}",
                target=obj,
                changes=audit.form_changes(form),  # a creation: every field, from None
                request=request,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = [
            f"{fs.model._meta.model_name}: {len(fs.new_objects)} nuevos, {len(fs.changed_objects)} cambiados, {len(fs.deleted_objects)} borrados"
            for fs in formsets
            if fs.new_objects or fs.changed_objects or fs.deleted_objects
        ]
        if changed:
            obj = form.instance
            audit.record(
                actor=request.user,
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.update_related",
                target=obj,
                changes={"inlines": changed},
                request=request,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action=f"{obj._meta.app_label}.{obj._meta.model_name}.delete",
                target=obj,
                request=request,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(
                    actor=request.user,
                    action=f"{obj._meta.app_label}.{obj._meta.model_name}.delete",
                    target=obj,
                    request=request,
                )
            super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is never edited, not even by administrators."""

    list_display = ["created_at", "actor_label", "action", "target_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "target_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Rinde's roles live on the user (accounts.Role); Django's groups would be a second,
# unused permission system beside them.
admin.site.unregister(Group)
