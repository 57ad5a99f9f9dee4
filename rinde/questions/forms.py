from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.core import files, formatting
from rinde.core.antispam import PublicForm
from rinde.core.email_address import EmailAddressField
from rinde.entity.models import Department
from rinde.questions.models import (
    ATTACHMENT_MAX_BYTES,
    MAX_QUESTION_LENGTH,
    Channel,
    PetitionKind,
)

MIN_QUESTION_LENGTH = 10


class AskerFields(forms.Form):
    text = forms.CharField(
        label=_("Su pregunta"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Hasta 4.000 caracteres. La pregunta se publica: no escriba en ella su teléfono, "
            "correo ni número de documento (si los escribe, se ocultan al publicarla). "
            "Para recibir la respuesta, use el campo de correo."
        ),
        error_messages={
            "required": _("Escriba su pregunta."),
            "max_length": _(
                "La pregunta tiene %(show_value)d caracteres; el máximo es %(limit_value)d."
            ),
        },
    )
    asker_name = forms.CharField(label=_("Nombre (opcional)"), max_length=150, required=False)
    asker_email = EmailAddressField(
        label=_("Correo electrónico (opcional)"),
        required=False,
        help_text=_("Para enviarle el código de seguimiento y la respuesta."),
        error_messages={"invalid": _("Escriba un correo válido, como nombre@ejemplo.com.")},
    )
    publish_name = forms.BooleanField(
        label=_("Autorizo publicar mi nombre junto a la pregunta"), required=False
    )
    data_authorized = forms.BooleanField(
        label=_(
            "Autorizo el tratamiento de mis datos personales para responder mi pregunta, según la política de privacidad"
        ),
        required=False,
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < MIN_QUESTION_LENGTH:
            raise forms.ValidationError(
                _("Escriba su pregunta con al menos %(n)d caracteres.") % {"n": MIN_QUESTION_LENGTH}
            )
        return text

    def clean(self):
        cleaned = super().clean()
        gives_data = cleaned.get("asker_name") or cleaned.get("asker_email")
        # Ley 1581 de 2012: prior, express authorization before keeping personal data.
        if gives_data and not cleaned.get("data_authorized"):
            self.add_error(
                "data_authorized",
                _(
                    "Para guardar su nombre o su correo necesitamos su autorización. "
                    "Si prefiere, deje esos campos vacíos y pregunte de forma anónima."
                ),
            )
        if cleaned.get("publish_name") and not cleaned.get("asker_name"):
            self.add_error("publish_name", _("Escriba su nombre para poder publicarlo."))
        return cleaned


class PublicQuestionForm(AskerFields, PublicForm):
    field_order = ["text", "asker_name", "asker_email", "publish_name", "data_authorized"]


class StaffQuestionForm(AskerFields):
    """Paper forms and e-mails typed in by staff: the channel and the real time of receipt."""

    channel = forms.ChoiceField(
        label=_("Canal"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.EMAIL, Channel.EMAIL.label)],
    )
    received_at = forms.DateTimeField(
        label=_("Recibida el"),
        help_text=_("Fecha y hora en que llegó el formato o el correo."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    # A clock a few minutes fast on the staff member's computer is not a typo.
    FUTURE_TOLERANCE = timedelta(minutes=10)

    def __init__(self, *args, earliest: date | None = None, **kwargs):
        """`earliest`: the first day a question of this exercise can have arrived."""
        super().__init__(*args, **kwargs)
        self.earliest = earliest
        # Staff copy what someone else wrote: the citizen's wording ("Su pregunta",
        # "Autorizo…") would be false here.
        relabel = {
            "text": (
                _("Texto de la pregunta"),
                _(
                    "Cópielo tal como llegó. Los teléfonos y correos que traiga el texto se "
                    "ocultan en las páginas públicas."
                ),
            ),
            "asker_name": (_("Nombre de quien pregunta (opcional)"), ""),
            "asker_email": (
                _("Correo de quien pregunta (opcional)"),
                _("Le enviamos el código de seguimiento y la respuesta."),
            ),
            "publish_name": (_("La persona autorizó publicar su nombre"), ""),
            "data_authorized": (
                _(
                    "La persona autorizó el tratamiento de sus datos personales (consta en el "
                    "formato o en el correo)"
                ),
                "",
            ),
        }
        for name, (label, help_text) in relabel.items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text

    def clean_received_at(self):
        # The arrival time sets the legal due date: a year mistyped would move it by years.
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now() + self.FUTURE_TOLERANCE:
            raise forms.ValidationError(_("La fecha de recibo no puede estar en el futuro."))
        if self.earliest and timezone.localdate(received_at) < self.earliest:
            raise forms.ValidationError(
                _("La fecha de recibo es anterior al %(day)s, antes de este ejercicio.")
                % {"day": formatting.long_date(self.earliest)}
            )
        return received_at

    field_order = [
        "channel",
        "received_at",
        "text",
        "asker_name",
        "asker_email",
        "publish_name",
        "data_authorized",
    ]


class ClassifyForm(forms.Form):
    # The topics already used are offered (a <datalist> on the page): one topic written
    # three ways would split the public topic filter.
    topic = forms.CharField(
        label=_("Tema"),
        max_length=120,
        widget=forms.TextInput(attrs={"list": "temas-usados", "autocomplete": "off"}),
        help_text=_("Elija uno de los temas ya usados si le sirve; si no, escriba uno nuevo."),
    )
    department = forms.ModelChoiceField(
        label=_("Dependencia que responde"), queryset=Department.objects.active()
    )
    kind = forms.ChoiceField(label=_("Tipo de petición"), choices=PetitionKind.choices)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del rechazo (se publica con la pregunta)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Código de la pregunta original"), max_length=16)


class HearingAnswerForm(forms.Form):
    minute = forms.RegexField(
        label=_("Minuto de la grabación"),
        # h:mm:ss or m:ss, minutes and seconds below 60 ("99:99" is no moment of a video).
        regex=r"^(\d{1,2}:[0-5]\d|[0-5]?\d):[0-5]\d$",
        max_length=8,
        error_messages={
            "invalid": _("Use el formato hh:mm:ss o mm:ss, por ejemplo 01:23:45 o 5:30.")
        },
    )
    summary = forms.CharField(
        label=_("Resumen de la respuesta dada"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )


class ForwardForm(forms.Form):
    authority = forms.CharField(label=_("Autoridad competente"), max_length=200)


class ExtendForm(forms.Form):
    new_due_on = forms.DateField(
        label=_("Nueva fecha de vencimiento"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Motivo (se publica con la pregunta y se envía a quien preguntó)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Respuesta"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_(
            "Escriba en texto corriente: una línea en blanco separa los párrafos. También "
            "puede usar HTML sencillo: listas, negrita y enlaces."
        ),
    )
    attachment = forms.FileField(
        label=_("Anexo (opcional)"),
        required=False,
        help_text=_("Un PDF o una imagen de hasta 10 MB que respalde la respuesta."),
    )
    attachment_title = forms.CharField(label=_("Título del anexo"), max_length=200, required=False)

    def clean_attachment(self):
        # Only the cleaned file is stored (re-encoded image or checked PDF, named by Rinde).
        uploaded = self.cleaned_data.get("attachment")
        if uploaded:
            return files.clean_upload(
                uploaded, allowed=files.IMAGE_OR_PDF, max_bytes=ATTACHMENT_MAX_BYTES
            )
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attachment") and not cleaned.get("attachment_title"):
            self.add_error("attachment_title", _("Escriba un título para el anexo."))
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("approve", _("Aprobar y publicar")), ("return", _("Devolver con comentarios"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comentarios"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Tema"), required=False)
    department = forms.ModelChoiceField(
        label=_("Dependencia"),
        queryset=Department.objects.active(),
        required=False,
        empty_label=_("Todas"),
    )
    status = forms.ChoiceField(label=_("Estado"), required=False)

    def __init__(self, *args, topics=(), statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Todos"))] + [(t, t) for t in topics]
        self.fields["status"].choices = [("", _("Todos"))] + list(statuses)


class ChatUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo CSV del chat"),
        help_text=_(
            "Columnas: autor, texto, hora (AAAA-MM-DD HH:MM o HH:MM). Separado por comas o "
            "por punto y coma, en UTF-8 o como lo guarda Excel."
        ),
        error_messages={"required": _("Elija el archivo CSV del chat.")},
    )
