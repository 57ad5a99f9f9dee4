"""The mapping step's form: for each of Rinde's fields, a select listing the file's
columns by letter and title, with the proposal selected."""

from django import forms
from django.utils.translation import gettext as _

from rinde.plan.importing.mapping import Field, Header

NOT_IN_FILE = ""


class ColumnsForm(forms.Form):
    def __init__(self, *args, fields: list[Field], header: Header, proposal: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rinde_fields = fields
        choices = [(NOT_IN_FILE, _("— No está en el archivo —"))] + [
            (str(index), header.label(index)) for index, key in enumerate(header.keys) if key
        ]
        for number, field in enumerate(fields):
            at = proposal.get(field.title)
            self.fields[f"f{number}"] = forms.ChoiceField(
                label=field.title,
                choices=choices,
                required=field.required,
                initial="" if at is None else str(at),
                error_messages={"required": _("Elija la columna que tiene este dato.")},
            )

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        for number, field in enumerate(self.rinde_fields):
            value = cleaned.get(f"f{number}")
            if not value:
                continue
            if value in seen:
                self.add_error(
                    f"f{number}",
                    _("Esta columna ya está asignada a «%(other)s».") % {"other": seen[value]},
                )
            seen[value] = field.title
        return cleaned

    def columns(self) -> dict[str, int]:
        return {
            field.title: int(self.cleaned_data[f"f{number}"])
            for number, field in enumerate(self.rinde_fields)
            if self.cleaned_data.get(f"f{number}")
        }
