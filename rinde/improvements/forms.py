from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.entity.models import Department
from rinde.improvements.models import ImprovementAction


class ImprovementForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = [
            "description",
            "origin",
            "origin_detail",
            "department",
            "due_on",
            "status",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active()
        self.fields["department"].empty_label = _("Elija la dependencia")
