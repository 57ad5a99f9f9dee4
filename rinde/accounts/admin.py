from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from rinde.accounts import memberships
from rinde.accounts.models import Invitation, Membership, Role, User
from rinde.core.admin import AuditedAdminMixin
from rinde.entity.models import Entity


class MembershipInline(admin.TabularInline):
    """The person's membership in this entity (the scoped manager shows no other's)."""

    model = Membership
    fields = ["role", "departments", "is_active"]
    filter_horizontal = ["departments"]
    extra = 0
    max_num = 1


@admin.register(User)
class RindeUserAdmin(AuditedAdminMixin, UserAdmin):
    list_display = ["username", "get_full_name", "email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Datos personales"), {"fields": ["first_name", "last_name", "email", "position"]}),
        (_("Cuenta"), {"fields": ["role", "is_active"]}),
        (_("Fechas"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Cuenta"), {"fields": ["email", "role"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_inlines(self, request, obj):
        # Added with the account's role in this entity (save_model); changed in the inline.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.role != Role.CITIZEN:
            memberships.grant(obj, Entity.objects.current(), obj.role)


@admin.register(Invitation)
class InvitationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """For repairs only (e.g. revoking by hand); invitations are sent from the panel."""

    list_display = ["email", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["email", "role", "departments", "invited_by", "user", "accepted_at"]

    def has_add_permission(self, request):
        return False
