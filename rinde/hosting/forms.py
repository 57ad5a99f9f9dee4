from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _


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
