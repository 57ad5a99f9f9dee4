from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.entity.forms import DepartmentForm, UniquePerEntityForm
from rinde.entity.models import Department, Domain, Entity, NonWorkingDay


@admin.register(Entity)
class EntityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "municipality", "departamento", "nit", "is_active"]
    prepopulated_fields = {"slug": ["short_name", "name"]}

    def has_add_permission(self, request):
        # An entity's admin works inside that entity: another entity is created by the
        # host's panel (/anfitrion/, hosting.services.create_entity), with its first
        # administrator's invitation, never from here.
        return super().has_add_permission(request) and not Entity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Domain)
class DomainAdmin(AuditedAdminMixin, admin.ModelAdmin):
    # Repairs only, like the rest of admin: the host's panel will manage domains
    # (docs/tenancy.md, step 10).
    list_display = ["host", "entity", "is_primary"]
    list_filter = ["is_primary"]
    search_fields = ["host"]


class DepartmentAdminForm(UniquePerEntityForm):
    # Name and code are unique within the entity, which the form does not carry.
    unique_per_entity = DepartmentForm.unique_per_entity


@admin.register(Department)
class DepartmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = DepartmentAdminForm
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
