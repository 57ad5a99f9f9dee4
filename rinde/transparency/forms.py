from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.transparency.models import ItemSetting, Setting


class ItemSettingForm(forms.ModelForm):
    class Meta:
        model = ItemSetting
        fields = ["setting", "url", "label", "reason"]
        widgets = {"setting": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "url": _("Dirección de la página de la entidad donde está la información."),
            "label": _("Opcional. Si lo deja vacío se muestra la dirección."),
            "reason": _(
                "Por ejemplo: «La entidad no recauda impuestos: no es una entidad territorial»."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        setting = cleaned.get("setting")
        if setting == Setting.LINK and not cleaned.get("url"):
            self.add_error("url", _("Escriba el enlace donde la entidad publica este ítem."))
        if setting == Setting.NOT_APPLICABLE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Escriba la razón legal por la que no aplica."))
        # Only what the choice shows is kept: a stale link never lingers on a "no aplica".
        if setting == Setting.LINK:
            cleaned["reason"] = ""
        elif setting == Setting.NOT_APPLICABLE:
            cleaned["url"], cleaned["label"] = "", ""
        return cleaned
