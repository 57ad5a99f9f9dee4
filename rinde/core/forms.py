from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Usuario"), required=False, max_length=150)
    action = forms.CharField(label=_("Acción"), required=False, max_length=100)
    target = forms.CharField(label=_("Objeto"), required=False, max_length=200)
    since = forms.DateField(
        label=_("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("La fecha «desde» es posterior a la fecha «hasta»."))
        return cleaned

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("actor"):
            queryset = queryset.filter(actor_label__icontains=data["actor"])
        if data.get("action"):
            queryset = queryset.filter(action__icontains=data["action"])
        if data.get("target"):
            queryset = queryset.filter(target_label__icontains=data["target"])
        if data.get("since"):
            queryset = queryset.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(created_at__date__lte=data["until"])
        return queryset
