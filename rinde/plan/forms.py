from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.core import files
from rinde.plan import periods
from rinde.plan.models import Evidence, ProjectProgress


class NewReportForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Dependencia"), queryset=None)
    # The plan's periods (monthly, quarterly or yearly): plan/periods.py.
    period = forms.ChoiceField(label=_("Periodo del corte"))

    def __init__(self, *args, departments, plan, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["department"].queryset = departments
        self.fields["period"].choices = periods.choices(plan, today=today) if plan else []

    def clean_period(self) -> date:
        period = periods.parse_key(self.plan, self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(_("Elija uno de los periodos del plan."))
        return period


class ProjectProgressForm(forms.ModelForm):
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
        appropriation = cleaned.get("appropriation") or 0
        commitments = cleaned.get("commitments") or 0
        obligations = cleaned.get("obligations") or 0
        payments = cleaned.get("payments") or 0
        if commitments > appropriation:
            self.add_error("commitments", _("Los compromisos no pueden superar la apropiación."))
        if obligations > commitments:
            self.add_error("obligations", _("Las obligaciones no pueden superar los compromisos."))
        if payments > obligations and payments > commitments:
            self.add_error("payments", _("Los pagos no pueden superar los compromisos."))
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
