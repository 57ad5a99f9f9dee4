from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.core.antispam import PublicForm
from rinde.evaluation.results import options_for

TEXT_MAX = 2000


def answer_fields(questions) -> dict[str, forms.Field]:
    """One field per question (and a "why" for yes/no), named q_<code>."""
    fields: dict[str, forms.Field] = {}
    for q in questions:
        name = f"q_{q.code}"
        required = q.required
        messages = {
            "required": _("Responda esta pregunta."),
            "invalid_choice": _("Elija una de las opciones."),
        }
        if q.kind == "multiple":
            fields[name] = forms.MultipleChoiceField(
                label=q.text,
                required=required,
                choices=q.options,
                widget=forms.CheckboxSelectMultiple,
                error_messages=messages,
            )
        elif q.kind in ("single", "scale", "yes_no"):
            fields[name] = forms.ChoiceField(
                label=q.text,
                required=required,
                choices=options_for(q),
                widget=forms.RadioSelect,
                error_messages=messages,
            )
            if q.kind == "yes_no":
                fields[f"{name}_why"] = forms.CharField(
                    label=_("¿Por qué?"),
                    required=False,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        else:
            fields[name] = forms.CharField(
                label=q.text,
                required=required,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={**messages, "max_length": _("Escriba hasta 2.000 caracteres.")},
            )
    return fields


def make_answer_form(questions, *, public: bool):
    """The form a person fills online (with anti-spam) or staff type from paper."""
    base = PublicForm if public else forms.Form
    attrs = dict(answer_fields(questions))
    if not public:
        attrs["sheet_number"] = forms.IntegerField(
            label=_("Número de la hoja"),
            min_value=1,
            help_text=_("El número escrito en la hoja de papel: evita digitar dos veces la misma."),
            widget=forms.NumberInput(attrs={"autofocus": True}),
        )
    form_class = type("AnswerForm", (base,), attrs)
    if not public:
        form_class.base_fields = {
            "sheet_number": form_class.base_fields.pop("sheet_number"),
            **form_class.base_fields,
        }
    return form_class


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Abre"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    closes_at = forms.DateTimeField(
        label=_("Cierra"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("opens_at")
            and cleaned.get("closes_at")
            and cleaned["closes_at"] <= cleaned["opens_at"]
        ):
            raise forms.ValidationError(_("El cierre debe ser posterior a la apertura."))
        return cleaned
