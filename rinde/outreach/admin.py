from django.contrib import admin

from rinde.core.admin import AuditedAdminMixin
from rinde.outreach.models import Audience, Channel


@admin.register(Channel, Audience)
class ListAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The editable lists of channels and audiences."""

    list_display = ["name", "order"]
