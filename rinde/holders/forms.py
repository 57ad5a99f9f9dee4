from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.core.antispam import PublicForm
from rinde.core.email_address import EmailAddressField
from rinde.holders.models import RequestKind


class LinkForm(PublicForm):
    email = EmailAddressField(
        label=_("Su correo electrónico"),
        help_text=_("Le enviaremos un enlace que sirve una sola vez durante 24 horas."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class RequestForm(PublicForm):
    kind = forms.ChoiceField(
        label=_("Qué solicita"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Detalle"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Su pregunta, o qué datos y por qué. Opcional salvo en una consulta."),
    )
    new_email = EmailAddressField(
        label=_("Correo nuevo (solo para corregir)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    new_phone = forms.CharField(
        label=_("Teléfono nuevo (solo para corregir)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == RequestKind.CORRECTION and not (
            cleaned.get("new_email") or cleaned.get("new_phone")
        ):
            self.add_error("new_email", _("Escriba el correo o el teléfono nuevo."))
        if kind == RequestKind.CONSULTATION and not cleaned.get("details", "").strip():
            self.add_error("details", _("Escriba su consulta."))
        return cleaned


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Respuesta al titular"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    apply = forms.BooleanField(
        label=_("Aplicar lo que pide (corregir o anonimizar sus datos en todas las fuentes)"),
        required=False,
    )


class ExtensionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la prórroga (se le envía al titular)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
