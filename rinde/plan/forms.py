from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.plan.models import ProjectProgress


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
