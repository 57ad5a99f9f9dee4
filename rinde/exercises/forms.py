from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.core.files import validate_pdf
from rinde.core.sanitize import clean_html
from rinde.exercises.models import Action, Document, DocumentKind, Exercise


class ExerciseForm(forms.ModelForm):
    use_template = forms.BooleanField(
        label=_("Empezar con las acciones de la estrategia 2023 (plantilla por defecto)"),
        required=False,
        initial=True,
    )

    class Meta:
        model = Exercise
        fields = ["year", "title", "planning_instrument", "summary", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "status",
            "due_on",
            "department",
            "audiences",
            "channels",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def clean_evidence_file(self):
        uploaded = self.cleaned_data.get("evidence_file")
        if uploaded:
            validate_pdf(uploaded)
        return uploaded


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "date", "file", "summary", "replaces"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, exercise, oversight_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.exercise = exercise
        self.fields["replaces"].queryset = Document.objects.filter(
            exercise=exercise, replaced_by__isnull=True
        )
        self.fields["replaces"].required = False
        self.fields["file"].widget.attrs["accept"] = "application/pdf"
        if oversight_only:
            self.fields["kind"].choices = [
                (DocumentKind.OVERSIGHT_REPORT, DocumentKind.OVERSIGHT_REPORT.label)
            ]
            self.fields["replaces"].queryset = self.fields["replaces"].queryset.filter(
                kind=DocumentKind.OVERSIGHT_REPORT
            )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_pdf(uploaded)
        return uploaded

    def clean_summary(self):
        return clean_html(self.cleaned_data["summary"])
