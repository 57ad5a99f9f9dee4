from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from rinde.accounts.models import Invitation, User
from rinde.core.admin import AuditedAdminMixin


@admin.register(User)
class RindeUserAdmin(AuditedAdminMixin, UserAdmin):
    list_display = ["username", "get_full_name", "email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "departments"]
    search_fields = ["username", "first_name", "last_name", "email"]
    filter_horizontal = ["departments"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Datos personales"), {"fields": ["first_name", "last_name", "email", "position"]}),
        (_("Rol"), {"fields": ["role", "departments", "is_active"]}),
        (_("Fechas"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Rol"), {"fields": ["email", "role", "departments"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Invitation)
class InvitationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """For repairs only (e.g. revoking by hand); invitations are sent from the panel."""

    list_display = ["email", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["email", "role", "departments", "invited_by", "user", "accepted_at"]

    def has_add_permission(self, request):
        return False
