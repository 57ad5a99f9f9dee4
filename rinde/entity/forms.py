from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from rinde.entity.models import Department, Entity, NonWorkingDay, entity_of_new_row
from rinde.plan import spreadsheet

WEEKDAYS = [
    ("0", _("Lunes")),
    ("1", _("Martes")),
    ("2", _("Miércoles")),
    ("3", _("Jueves")),
    ("4", _("Viernes")),
    ("5", _("Sábado")),
    ("6", _("Domingo")),
]


class EntityForm(forms.ModelForm):
    # Not "website": partials/field.html hides a field of that name (the anti-spam honeypot).
    site_url = forms.URLField(label=_("Sitio web"), required=False, assume_scheme="https")
    working_days = forms.MultipleChoiceField(
        label=_("Días laborales"),
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Los plazos legales corren solo en estos días."),
    )

    class Meta:
        model = Entity
        fields = [
            "name",
            "short_name",
            "kind",
            "municipality",
            "departamento",
            "nit",
            "address",
            "opening_hours",
            "office_hours_cutoff",
            "phones",
            "email",
            "judicial_email",
            "logo",
            "primary_colour",
            "secondary_colour",
            "facebook_url",
            "x_url",
            "instagram_url",
            "youtube_url",
        ]
        widgets = {
            "office_hours_cutoff": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "secondary_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["judicial_email"].required = True
        self.fields["municipality"].required = True
        self.fields["site_url"].initial = self.instance.website
        fields = self.Meta.fields
        cutoff = fields.index("office_hours_cutoff") + 1
        website = fields.index("judicial_email") + 1
        self.order_fields([*fields[:cutoff], "working_days", *fields[cutoff:website], "site_url"])
        self.fields["working_days"].initial = sorted(
            str(d) for d in self.instance.working_weekday_set
        )

    def entity_values(self) -> dict:
        """{model field: value} for services.save_entity: the form's fields (the logo's
        cleaned upload: None keeps it, False clears it), the working days and the website."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["working_weekdays"] = ",".join(sorted(self.cleaned_data["working_days"]))
        values["website"] = self.cleaned_data.get("site_url") or ""
        return values


class UniquePerEntityForm(forms.ModelForm):
    """A ModelForm of a model keyed by entity that refuses a value another row of the same
    entity already holds, with a message on the field. The model's UniqueConstraint
    (entity, field) names the entity, which is not on the form, so Django's own validation
    skips it and a duplicate would reach the database as an IntegrityError (a 500)."""

    # {field: message}
    unique_per_entity: dict[str, StrOrPromise] = {}

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        for field, message in self.unique_per_entity.items():
            value = cleaned.get(field)
            if value in (None, "") or field in self.errors:
                continue
            if instance.entity_id is None:
                # Before the first-run set-up: no entity to file the row under.
                raise forms.ValidationError(_("Registre primero los datos de la entidad."))
            taken = type(instance)._default_manager.filter(
                entity_id=instance.entity_id, **{field: value}
            )
            if instance.pk is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                self.add_error(field, message)
        return cleaned


class DepartmentForm(UniquePerEntityForm):
    unique_per_entity = {
        "name": _("Ya existe una dependencia con este nombre."),
        "code": _("Ya existe una dependencia con este código."),
    }

    class Meta:
        model = Department
        fields = ["name", "code", "kind", "head_name", "head_title", "email", "phone", "is_active"]
        help_texts = {
            "code": _("Corto, sin espacios ni tildes (por ejemplo «hacienda»); no cambia."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Plans and imports refer to a department by its code.
            self.fields["code"].disabled = True
        self.fields["is_active"].help_text = _(
            "Una dependencia que se suprime se desactiva: sus preguntas y metas se conservan."
        )


class DepartmentListForm(forms.Form):
    text = forms.CharField(
        label=_("Lista de dependencias"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Una por línea: nombre; jefe; cargo; correo; teléfono (solo el nombre es "
            "obligatorio). Puede pegar las columnas copiadas de una hoja de cálculo."
        ),
    )
    upload = forms.FileField(
        label=_("O una hoja de cálculo"),
        required=False,
        help_text=_(
            "Excel (.xlsx) o CSV con las mismas columnas, en ese orden, y una fila de títulos."
        ),
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        try:
            spreadsheet.check_size(upload.size)
            return spreadsheet.read_rows(upload.name, upload.read(spreadsheet.MAX_BYTES + 1))
        except spreadsheet.CellErrors as error:
            raise forms.ValidationError(
                [f"Fila {e.row}, columna {e.column}: {e.message}" for e in error.errors]
            ) from None
        except spreadsheet.SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        if entity_of_new_row() is None:
            # Before the first-run set-up: no entity to file the departments under.
            raise forms.ValidationError(_("Registre primero los datos de la entidad."))
        if not self.errors and not cleaned.get("text", "").strip() and not cleaned.get("upload"):
            raise forms.ValidationError(_("Escriba o pegue la lista, o elija una hoja de cálculo."))
        return cleaned


class NonWorkingDayForm(UniquePerEntityForm):
    unique_per_entity = {"date": _("Ese día ya está registrado como no hábil.")}

    class Meta:
        model = NonWorkingDay
        fields = ["date", "reason", "act"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
