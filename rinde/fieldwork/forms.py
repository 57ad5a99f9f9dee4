from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.core.antispam import PublicForm
from rinde.core.email_address import EmailAddressField
from rinde.fieldwork.models import MAX_BODY_LENGTH, FieldComment


class FieldCommentForm(PublicForm):
    body = forms.CharField(
        label=_("¿Qué ha visto del avance del proyecto?"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Cuente qué vio, dónde y cuándo. No escriba teléfonos ni documentos."),
        error_messages={
            "required": _("Escriba su comentario."),
            "max_length": _(
                "El comentario tiene %(show_value)d caracteres; el máximo es %(limit_value)d."
            ),
        },
    )
    # The model field's form field: core.files.clean_upload (content check, re-encoding
    # that drops EXIF and GPS, size limit) with its Spanish errors.
    photo = FieldComment._meta.get_field("photo").formfield(
        label=_("Foto (opcional: JPEG, PNG o WEBP, hasta 5 MB)"),
        required=False,
        help_text=_("La publicamos sin los datos ocultos de la cámara (ubicación GPS, fecha)."),
    )
    photo_alt = forms.CharField(
        label=_("¿Qué muestra la foto?"),
        max_length=200,
        required=False,
        help_text=_("Una frase para quien no puede verla, p. ej. «Obra detenida en la calle 30»."),
    )
    name = forms.CharField(
        label=_("Nombre (opcional; vacío = anónimo)"), max_length=100, required=False
    )
    email = EmailAddressField(
        label=_("Correo (opcional, no se publica)"),
        required=False,
        help_text=_("Solo para avisarle cuando la dependencia responda o si se oculta."),
    )
    authorized = forms.BooleanField(
        label=_(
            "Autorizo el tratamiento de mi correo para ese fin, según la política de datos personales"
        ),
        required=False,
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 10:
            raise forms.ValidationError(_("El comentario es muy corto: cuente un poco más."))
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Diga en una frase qué muestra la foto."))
        if cleaned.get("email") and not cleaned.get("authorized"):
            self.add_error(
                "authorized",
                _(
                    "Para guardar su correo necesitamos su autorización; también puede dejarlo vacío."
                ),
            )
        return cleaned


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Respuesta pública de la dependencia"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Escriba la respuesta.")},
    )
