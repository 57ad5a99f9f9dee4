from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.core.email_address import EmailAddressField
from rinde.entity.models import Entity, EntityKind


class EntityFilterForm(forms.Form):
    """The filters of /entidades/: words of the entity's name or municipality, and its
    departamento (the choices are the departamentos the listed entities are in)."""

    q = forms.CharField(label=_("Nombre o municipio"), max_length=100, required=False)
    departamento = forms.ChoiceField(label=_("Departamento"), required=False)

    def __init__(self, *args, departamentos: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["departamento"]).choices = [
            ("", _("Todos")),
            *((name, name) for name in departamentos),
        ]


class HostEntitySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nombre, identificador o municipio"), max_length=100, required=False
    )


class NewEntityForm(forms.Form):
    """What the host decides for a new entity; the rest its administrator fills in on the
    first-run page (accounts' panel, entity.first_run)."""

    name = forms.CharField(label=_("Nombre"), max_length=200)
    slug = forms.SlugField(
        label=_("Identificador en la dirección"),
        max_length=80,
        help_text=_("Minúsculas, números y guiones: la entidad queda en /e/<identificador>/."),
    )
    kind = forms.ChoiceField(label=_("Tipo"), choices=EntityKind.choices)
    departamento = forms.CharField(label=_("Departamento"), max_length=100)
    admin_email = EmailAddressField(
        label=_("Correo de su primer administrador"),
        help_text=_("Recibe una invitación para crear su cuenta y completar los datos."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if Entity.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Ya hay una entidad con ese identificador. Elija otro."))
        return slug

    def clean_admin_email(self) -> str:
        return self.cleaned_data["admin_email"].lower()
