from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.outreach.models import Audience, Channel, MediaContact, MediaList


@admin.register(Channel, Audience)
class ListAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The editable lists of channels and audiences."""

    list_display = ["name", "order"]


@admin.register(MediaContact)
class MediaContactAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The media directory (staff import it from CSV in the panel)."""

    list_display = ["outlet", "scope", "medium", "email", "opted_out_at"]
    list_filter = ["scope", "medium"]
    search_fields = ["outlet", "email"]


@admin.register(MediaList)
class MediaListAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "description"]
    filter_horizontal = ["contacts"]
