from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from rinde.core.models import AuditEntry


class AuditFilterForm(forms.Form):
    """The audit page's filters: person, kind (the action's prefix), exact action text,
    object (type, and id or label), date range. The same filters select the export."""

    actor = forms.CharField(label=_("Persona"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Tipo de acción"), required=False)
    action = forms.CharField(label=_("Acción contiene"), required=False, max_length=100)
    target_type = forms.ModelChoiceField(
        label=_("Tipo de objeto"), required=False, queryset=None, empty_label=_("Todos")
    )
    target = forms.CharField(label=_("Objeto (id o nombre)"), required=False, max_length=200)
    since = forms.DateField(
        label=_("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds and object types the log holds: one query each.
        actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        kinds = sorted({action.split(".", 1)[0] for action in actions})
        self.fields["kind"].choices = [("", _("Todos")), *((k, k) for k in kinds)]
        self.fields["target_type"].queryset = ContentType.objects.filter(
            pk__in=AuditEntry.objects.order_by().values("target_type").distinct()
        ).order_by("app_label", "model")
        self.fields["target_type"].label_from_instance = lambda ct: (
            f"{ct.name} ({ct.app_label}.{ct.model})"
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
        if data.get("kind"):
            queryset = queryset.filter(action__startswith=data["kind"] + ".")
        if data.get("action"):
            queryset = queryset.filter(action__icontains=data["action"])
        if data.get("target_type"):
            queryset = queryset.filter(target_type=data["target_type"])
        if data.get("target"):
            target = data["target"].strip()
            queryset = queryset.filter(
                models.Q(target_id=target) | models.Q(target_label__icontains=target)
            )
        if data.get("since"):
            queryset = queryset.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(created_at__date__lte=data["until"])
        return queryset
