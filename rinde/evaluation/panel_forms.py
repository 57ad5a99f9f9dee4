"""The panel's forms to edit an evaluation form's presentation and its questions."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from rinde.evaluation.models import EvaluationForm, EvaluationQuestion, QuestionKind

CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
MAX_SCALE_STEPS = 10


def code_for(label: str) -> str:
    """A stable code from a label ("Página web" → "pagina_web"): codes, not labels, are
    what results compare year to year."""
    return slugify(label).replace("-", "_")[:40]


def parse_options(text: str) -> list[list[str]]:
    """One option per line, "code | label" or just "label" (its code made from it)."""
    options = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        code, sep, label = line.partition("|")
        if not sep:
            code, label = "", code
        label = label.strip()
        options.append([code_for(code.strip() or label), label])
    return options


def format_options(options: list[list[str]]) -> str:
    return "\n".join(f"{code} | {label}" for code, label in options)


class DetailsForm(forms.ModelForm):
    class Meta:
        model = EvaluationForm
        fields = ["title", "intro", "based_on"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.ModelForm):
    code = forms.CharField(
        label=_("Código"),
        max_length=40,
        required=False,
        help_text=_(
            "Identifica la pregunta para comparar resultados entre años. Vacío: se forma del texto."
        ),
    )
    options_text = forms.CharField(
        label=_("Opciones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Para «una opción» y «varias opciones»: una por línea, «código | etiqueta» o solo "
            "la etiqueta."
        ),
    )

    class Meta:
        model = EvaluationQuestion
        fields = [
            "text",
            "code",
            "kind",
            "required",
            "options_text",
            "scale_min",
            "scale_max",
            "maps_to_outreach",
        ]
        labels = {"scale_min": _("Escala desde"), "scale_max": _("Escala hasta")}

    def __init__(self, *args, form_obj: EvaluationForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_obj = form_obj
        if self.instance.pk:
            self.initial.setdefault("options_text", format_options(self.instance.options))

    def clean_code(self) -> str:
        code = code_for(self.cleaned_data.get("code") or self.data.get("text", ""))
        if not code:
            raise forms.ValidationError(_("Escriba un código con letras o números."))
        taken = EvaluationQuestion.objects.filter(form=self.form_obj, code=code).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("Otra pregunta de este formato ya usa ese código."))
        return code

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        options = parse_options(cleaned.get("options_text") or "")
        if kind in CHOICE_KINDS:
            if len(options) < 2:
                self.add_error("options_text", _("Escriba al menos dos opciones."))
            elif len({code for code, _label in options}) != len(options):
                self.add_error("options_text", _("Dos opciones tienen el mismo código."))
            elif any(not code or not label for code, label in options):
                self.add_error("options_text", _("Cada opción necesita código y etiqueta."))
        else:
            options = []
            if cleaned.get("maps_to_outreach"):
                self.add_error(
                    "maps_to_outreach",
                    _("Solo una pregunta de opciones puede medir los canales de difusión."),
                )
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        scale_ok = low is None or high is None or low < high <= low + MAX_SCALE_STEPS
        if kind == QuestionKind.SCALE and not scale_ok:
            self.add_error(
                "scale_max", _("La escala va de un número menor a uno mayor, con hasta 10 pasos.")
            )
        self.instance.options = options
        return cleaned

    def question_values(self) -> dict:
        """The question's fields as checked, its options parsed from the text box."""
        fields = ["text", "code", "kind", "required", "scale_min", "scale_max", "maps_to_outreach"]
        return {name: self.cleaned_data[name] for name in fields} | {
            "options": self.instance.options
        }
