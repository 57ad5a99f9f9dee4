from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rinde.core import files
from rinde.core.numbers import ColombianDecimalField
from rinde.plan import money_rules
from rinde.plan.models import MONEY, QUANTITY, Evidence, ProjectProgress

NUMBER_HELP = _("Miles con punto y decimales con coma: 1.234,5.")


class NewReportForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Dependencia"), queryset=None)
    period = forms.CharField(
        label=_("Mes del corte"),
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Año y mes, por ejemplo 2023-12."),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean_period(self) -> date:
        value = self.cleaned_data["period"]
        try:
            year, month = (int(p) for p in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(
                _("Escriba el mes como AAAA-MM, por ejemplo 2023-12.")
            ) from None


class CutValuesForm(forms.Form):
    """The month's value of each of a department's indicators, one field per indicator
    named `i<pk>` (also its id: the table's row header is its label)."""

    def __init__(self, *args, indicators, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        too_big = _("tiene más de %(decimals)s decimales o es demasiado grande.") % {
            "decimals": QUANTITY["decimal_places"]
        }
        for indicator in self.indicators:
            self.fields[f"i{indicator.pk}"] = ColombianDecimalField(
                label=f"{indicator.code}. {indicator.name}",
                required=False,
                max_digits=QUANTITY["max_digits"],
                decimal_places=QUANTITY["decimal_places"],
                error_messages={
                    "max_digits": too_big,
                    "max_decimal_places": too_big,
                    "max_whole_digits": too_big,
                },
                widget=forms.TextInput(attrs={"class": "number-input", "inputmode": "decimal"}),
            )

    def values(self) -> dict[int, Decimal | None]:
        return {i.pk: self.cleaned_data.get(f"i{i.pk}") for i in self.indicators}

    def error_list(self) -> list[str]:
        """One line per wrong value, naming the indicator (and what was typed, which the
        parser's own messages already quote)."""
        lines = []
        for indicator in self.indicators:
            name = f"i{indicator.pk}"
            for error in self.errors.as_data().get(name, []):
                message = error.messages[0]
                if error.code != "invalid":
                    message = f"«{str(self.data.get(name, ''))[:20]}» {message}"
                lines.append(
                    gettext("Indicador %(code)s: %(message)s")
                    % {"code": indicator.code, "message": message}
                )
        return lines


def _money_field(label):
    return ColombianDecimalField(
        label=label,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        min_value=Decimal(0),
        help_text=NUMBER_HELP,
        error_messages={"min_value": _("El valor no puede ser negativo.")},
    )


class ProjectProgressForm(forms.ModelForm):
    appropriation = _money_field(_("Apropiación"))
    commitments = _money_field(_("Compromisos"))
    obligations = _money_field(_("Obligaciones"))
    payments = _money_field(_("Pagos"))

    class Meta:
        model = ProjectProgress
        fields = [
            "appropriation",
            "commitments",
            "obligations",
            "payments",
            "achievements",
            "difficulties",
            "evidence_url",
            "territories",
        ]
        widgets = {
            "achievements": forms.Textarea(attrs={"rows": 2}),
            "difficulties": forms.Textarea(attrs={"rows": 2}),
            "territories": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territories"].queryset = territories

    def clean(self):
        cleaned = super().clean()
        # A field already refused (not a number, negative) has no amount to compare.
        if all(field in cleaned for field in money_rules.MONEY_FIELDS):
            amounts = (cleaned[field] for field in money_rules.MONEY_FIELDS)
            for field, message in money_rules.money_errors(*amounts):
                self.add_error(field, message)
        return cleaned

    def validate_unique(self):
        # The report is attached by the service; nothing to check here.
        pass


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("approve", _("Aprobar y publicar")), ("return", _("Devolver con comentarios"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comentarios"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la corrección (se publica)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


PHOTO_TYPES = {"image/png", "image/jpeg", "image/webp"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PDF_MAX_BYTES = 20 * 1024 * 1024


class EvidenceForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Proyecto"), queryset=None)
    kind = forms.ChoiceField(label=_("Tipo"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=_("Título"), max_length=200)
    file = forms.FileField(
        label=_("Archivo"),
        help_text=_("Fotografía PNG, JPEG o WebP de hasta 5 MB, o documento PDF de hasta 20 MB."),
    )
    alt_text = forms.CharField(
        label=_("Texto alternativo (fotografías)"),
        max_length=300,
        required=False,
        help_text=_("Describa lo que muestra la foto, para quien no la puede ver."),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload is None or kind is None:
            return data
        try:
            # Only the cleaned file is stored: a re-encoded photo or a checked PDF, named
            # by Rinde; the person's file name travels as `original_name`.
            if kind == Evidence.Kind.PHOTO:
                data["file"] = files.clean_upload(
                    upload, allowed=PHOTO_TYPES, max_bytes=PHOTO_MAX_BYTES
                )
            else:
                data["file"] = files.clean_upload(
                    upload, allowed={files.PDF}, max_bytes=PDF_MAX_BYTES
                )
        except forms.ValidationError as error:
            self.add_error("file", error)
        if kind == Evidence.Kind.PHOTO and not data.get("alt_text", "").strip():
            self.add_error(
                "alt_text", _("Escriba el texto alternativo: es obligatorio en fotografías.")
            )
        return data
