from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.entity.models import Department, Entity, NonWorkingDay


@admin.register(Entity)
class EntityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "municipality", "departamento", "nit"]

    def has_add_permission(self, request):
        # One entity per installation.
        return super().has_add_permission(request) and not Entity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "head_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "head_name"]
    prepopulated_fields = {"code": ["name"]}

    def has_delete_permission(self, request, obj=None):
        # Departments are referenced by plans, questions and users: deactivate instead.
        return False


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "reason", "act"]
    date_hierarchy = "date"

    # Read only here: a day added or removed moves the due dates of open questions, after a
    # confirmation that lists them (entity.calendar_change), which the panel page
    # (/panel/entidad/dias-no-habiles/) does and this admin would skip.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
