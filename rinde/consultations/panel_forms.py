"""The panel's forms to set up a survey and a forum: question, topics and dates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rinde.consultations import panel
from rinde.consultations.models import Forum, Survey
from rinde.exercises.models import Exercise

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def moment_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
        input_formats=[LOCAL_FORMAT],
    )


class WindowFormMixin:
    """Both dates required, the close after the opening (the models' check constraint)."""

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("El cierre debe ser posterior a la apertura."))
        return cleaned


def _exercise_field(form, queryset, preselect: str) -> None:
    field = form.fields["exercise"]
    field.label = _("Ejercicio")
    field.queryset = queryset.order_by("-year", "slug")
    field.empty_label = None
    chosen = queryset.with_slug(preselect).first() if preselect else None
    if chosen is not None:
        form.initial.setdefault("exercise", chosen.pk)


def _model_values(form, exclude=frozenset()) -> dict:
    """The cleaned values of the model's fields the form shows (the exercise only on
    creation)."""
    return {
        name: form.cleaned_data[name]
        for name in form.Meta.fields
        if name in form.fields and name not in exclude
    }


class SurveyForm(WindowFormMixin, forms.ModelForm):
    opens_at = moment_field(_("Abre"))
    closes_at = moment_field(_("Cierra"))
    topics = forms.CharField(
        label=_("Temas"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Un tema por línea, en el orden en que se muestran. Un tema con el mismo nombre "
            "de una línea estratégica del plan vigente queda enlazado a ella. Un tema que ya "
            "tiene respuestas no se puede quitar ni cambiar."
        ),
        error_messages={"required": _("Escriba al menos un tema.")},
    )

    class Meta:
        model = Survey
        fields = [
            "exercise",
            "question",
            "opens_at",
            "closes_at",
            "topics",
            "multiple",
            "max_choices",
            "allow_other",
            "ask_profile",
            "requires_verified_email",
            "embed_hosts",
        ]

    def __init__(self, *args, preselect: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        survey = self.instance
        if survey.pk:
            del self.fields["exercise"]
            self.initial.setdefault("topics", "\n".join(o.label for o in survey.options.all()))
            if survey.responses.exists():
                # Answers already given were counted under these rules.
                for name in ("multiple", "requires_verified_email"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("No cambia: la encuesta ya tiene respuestas.")
        else:
            _exercise_field(self, Exercise.objects.filter(surveys__isnull=True), preselect)
            self.initial.setdefault(
                "question", _("¿Qué temas quiere que le contemos en la rendición de cuentas?")
            )
            self.initial.setdefault("topics", "\n".join(panel.plan_line_names()))

    def clean_topics(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["topics"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Escriba al menos un tema."))
        if len({line.casefold() for line in lines}) != len(lines):
            raise forms.ValidationError(_("Hay un tema repetido."))
        too_long = [line for line in lines if len(line) > 200]
        if too_long:
            raise forms.ValidationError(
                _("El tema «%(t)s…» es muy largo: máximo 200 caracteres.") % {"t": too_long[0][:40]}
            )
        if self.instance.pk:
            kept = panel.answered_topics_missing(self.instance, lines)
            if kept:
                raise forms.ValidationError(
                    _("Estos temas ya tienen respuestas y no se pueden quitar ni cambiar: %(t)s.")
                    % {"t": ", ".join(f"«{label}»" for label in kept)}
                )
        return lines

    def survey_values(self) -> dict:
        """{model field: value} for panel.save_survey: the topics are not one of them."""
        return _model_values(self, exclude={"topics"})

    def changed_topics(self) -> list[str] | None:
        """The topics in order, or None when an existing survey's were not changed
        (panel.save_survey). A new survey always has them, the proposed ones included."""
        changed = self.instance.pk is None or "topics" in self.changed_data
        return self.cleaned_data["topics"] if changed else None


class ForumForm(WindowFormMixin, forms.ModelForm):
    opens_at = moment_field(_("Abre"))
    closes_at = moment_field(_("Cierra"))

    class Meta:
        model = Forum
        fields = ["exercise", "question", "intro", "opens_at", "closes_at"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, preselect: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        forum = self.instance
        if forum.pk:
            del self.fields["exercise"]
            if forum.comments.exists():
                # The comments answer this question.
                self.fields["question"].disabled = True
                self.fields["question"].help_text = _(
                    "No cambia: el foro ya tiene comentarios que la responden."
                )
        else:
            _exercise_field(self, Exercise.objects.filter(forums__isnull=True), preselect)

    def forum_values(self) -> dict:
        """{model field: value} for panel.save_forum."""
        return _model_values(self)
