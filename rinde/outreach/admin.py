from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rinde.core.admin import AuditedAdminMixin
from rinde.outreach.models import Audience, Channel, MediaContact, MediaList


class UniqueInEntityAdminForm(forms.ModelForm):
    """Refuses, on the field, a value another row of the same entity holds. The unique
    rules per entity name the entity, which admin's form does not carry, so Django's own
    check skips them and a duplicate would be a database error (a 500)."""

    unique_field = "name"
    message = _("Ya existe en la lista de la entidad.")

    def clean(self):
        cleaned = super().clean()
        if self.instance.entity_id is None:
            raise forms.ValidationError(_("Registre primero los datos de la entidad."))
        value = cleaned.get(self.unique_field)
        rows = type(self.instance)._default_manager.filter(
            entity=self.instance.entity_id, **{self.unique_field: value}
        )
        if value and rows.exclude(pk=self.instance.pk).exists():
            self.add_error(self.unique_field, self.message)
        return cleaned


class ContactAdminForm(UniqueInEntityAdminForm):
    unique_field = "email"
    message = _("Ese correo ya está en el directorio.")


@admin.register(Channel, Audience)
class ListAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The editable lists of channels and audiences."""

    form = UniqueInEntityAdminForm
    list_display = ["name", "order"]


@admin.register(MediaContact)
class MediaContactAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The media directory (staff import it from CSV in the panel)."""

    form = ContactAdminForm
    list_display = ["outlet", "scope", "medium", "email", "opted_out_at"]
    list_filter = ["scope", "medium"]
    search_fields = ["outlet", "email"]


@admin.register(MediaList)
class MediaListAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = UniqueInEntityAdminForm
    list_display = ["name", "description"]
    filter_horizontal = ["contacts"]
