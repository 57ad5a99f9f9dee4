from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.consultations.models import AgeRange, FlagReason, ParticipantKind, PopulationGroup
from rinde.core.antispam import PublicForm
from rinde.core.email_address import EmailAddressField
from rinde.core.sanitize import has_html_tag
from rinde.plan.models import Territory


class SurveyAnswerForm(PublicForm):
    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        choices = [(str(o.pk), o.label) for o in survey.options.all()]
        if survey.multiple:
            self.fields["options"] = forms.MultipleChoiceField(
                label=survey.question,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Elija hasta %(n)d temas.") % {"n": survey.max_choices},
                error_messages={"invalid_choice": _("Uno de los temas elegidos no existe.")},
            )
        else:
            self.fields["options"] = forms.ChoiceField(
                label=survey.question,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Ese tema no existe.")},
            )
        if survey.allow_other:
            self.fields["other_text"] = forms.CharField(
                label=_("Otro tema (opcional)"), max_length=300, required=False
            )
        if survey.requires_verified_email:
            self.fields["email"] = EmailAddressField(
                label=_("Su correo electrónico"),
                help_text=_(
                    "Cuenta una respuesta por correo: le enviamos un enlace para confirmarla. "
                    "Al confirmar borramos su correo."
                ),
                error_messages={
                    "required": _("Escriba su correo para confirmar su respuesta."),
                    "invalid": _("Escriba un correo válido, como nombre@ejemplo.com."),
                },
            )
            self.fields["email_authorized"] = forms.BooleanField(
                label=_(
                    "Autorizo usar mi correo solo para enviarme el enlace de confirmación "
                    "(Ley 1581 de 2012)"
                ),
                error_messages={
                    "required": _(
                        "Sin esta autorización no podemos enviarle el enlace que confirma su "
                        "respuesta."
                    )
                },
            )
        if survey.ask_profile:
            self.fields["age_range"] = forms.ChoiceField(
                label=_("Rango de edad (opcional)"),
                choices=[("", _("Prefiero no decir"))] + AgeRange.choices,
                required=False,
            )
            self.fields["territory"] = forms.ModelChoiceField(
                label=_("Comuna o corregimiento (opcional)"),
                queryset=Territory.objects.all(),
                required=False,
                empty_label=_("Prefiero no decir"),
            )
            self.fields["participant_kind"] = forms.ChoiceField(
                label=_("Usted responde como (opcional)"),
                choices=[("", _("Prefiero no decir"))] + ParticipantKind.choices,
                required=False,
            )
            self.fields["population_group"] = forms.ChoiceField(
                label=_("¿Pertenece a alguno de estos grupos? (opcional, dato sensible)"),
                choices=[("", _("Prefiero no decir"))] + PopulationGroup.choices,
                required=False,
                help_text=_(
                    "Solo se usa en cifras agregadas para saber si la rendición de cuentas llega a toda la población."
                ),
            )
            self.fields["sensitive_authorized"] = forms.BooleanField(
                label=_(
                    "Autorizo el tratamiento de este dato sensible, que es opcional (Ley 1581 de 2012)"
                ),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        picked = cleaned.get("options") or []
        picked = picked if isinstance(picked, list) else [picked]
        cleaned["options"] = picked
        if len(picked) > self.survey.max_choices:
            self.add_error(
                "options", _("Elija como máximo %(n)d temas.") % {"n": self.survey.max_choices}
            )
        if not picked and not (cleaned.get("other_text") or "").strip():
            self.add_error("options", _("Elija al menos un tema o escriba otro."))
        if cleaned.get("population_group") and not cleaned.get("sensitive_authorized"):
            self.add_error(
                "sensitive_authorized",
                _(
                    "Para guardar este dato sensible necesitamos su autorización; si prefiere, déjelo en «Prefiero no decir»."
                ),
            )
        return cleaned


class CommentForm(PublicForm):
    body = forms.CharField(
        label=_("Su comentario"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Escriba su comentario."),
            "max_length": _(
                "El comentario tiene %(show_value)d caracteres; el máximo es %(limit_value)d."
            ),
        },
    )
    name = forms.CharField(
        label=_("Nombre (opcional; vacío = anónimo)"), max_length=100, required=False
    )
    email = EmailAddressField(
        label=_("Correo (opcional, no se publica)"),
        required=False,
        help_text=_("Solo para avisarle si un moderador oculta su comentario."),
    )
    authorized = forms.BooleanField(
        label=_("Autorizo el tratamiento de mi correo para ese fin"), required=False
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        # "<" and ">" as text ("fue <60% y … >80%") are fine: the page escapes them. Markup
        # is refused, so nobody's comment shows as code.
        if has_html_tag(body):
            raise forms.ValidationError(_("Escriba su comentario como texto, sin etiquetas HTML."))
        if len(body) < 5:
            raise forms.ValidationError(_("El comentario es muy corto."))
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("authorized"):
            self.add_error(
                "authorized",
                _(
                    "Para guardar su correo necesitamos su autorización; también puede dejarlo vacío."
                ),
            )
        return cleaned


class FlagForm(PublicForm):
    """A reader's report of a comment: a public post like any other, so it carries the
    honeypot and a start token its service spends (forum.flag_comment); a few reports hide
    the comment until a moderator looks, so one script must not send many."""

    reason = forms.ChoiceField(
        label=_("Motivo"),
        choices=[("", _("Elija el motivo"))] + FlagReason.choices,
        error_messages={
            "required": _("Elija el motivo del reporte."),
            "invalid_choice": _("Elija el motivo del reporte."),
        },
    )
