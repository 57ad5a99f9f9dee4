from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.core.antispam import PublicForm
from rinde.core.email_address import EmailAddressField
from rinde.core.sanitize import clean_html
from rinde.exercises import services
from rinde.exercises.models import (
    Action,
    AgendaItem,
    Document,
    DocumentKind,
    Event,
    EventDetails,
    Exercise,
    OversightCommittee,
    PopulationGroup,
    RegistrationKind,
    Stage,
)
from rinde.exercises.services import DATA_CONSENT_TEXT

ADDRESS_TAKEN = _(
    "Ya hay un ejercicio en /rendicion/%(slug)s/. Escriba otra dirección: el año y una "
    "palabra, como %(year)s-infancia."
)


def refuse_taken_address(form: forms.ModelForm, cleaned: dict) -> None:
    """An exercise's address is unique within its entity. The database's constraint names
    the entity, which is on no form (the key is not editable), so a ModelForm does not check
    it: a duplicate is refused here, in Spanish, rather than by the database."""
    year = cleaned.get("year")
    slug = cleaned.get("slug") or (str(year) if year else "")
    if not slug or form.has_error("slug"):
        return
    instance = form.instance
    taken = Exercise.objects.filter(entity_id=instance.entity_id, slug=slug)
    if instance.pk is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        form.add_error("slug", ADDRESS_TAKEN % {"slug": slug, "year": year or slug[:4]})


class ExerciseForm(forms.ModelForm):
    """A new exercise: its instrument follows the year (models.instrument_for_year); its
    actions come from the MURC template, from another exercise, or none."""

    source = forms.ChoiceField(
        label=_("Acciones del ejercicio"),
        choices=[
            (
                services.Source.TEMPLATE,
                _(
                    "La plantilla MURC: las acciones de las cinco etapas con fechas según la audiencia"
                ),
            ),
            (
                services.Source.COPY,
                _(
                    "Copiar otro ejercicio: acciones, plan de difusión, encuesta y preguntas de "
                    "evaluación, con las fechas corridas (no se copian documentos, preguntas ni "
                    "resultados)"
                ),
            ),
            (services.Source.EMPTY, _("Ninguna: las agrego yo")),
        ],
        initial=services.Source.TEMPLATE,
        widget=forms.RadioSelect,
    )
    copy_from = forms.ModelChoiceField(
        label=_("Ejercicio que se copia"),
        queryset=Exercise.objects.order_by("-year", "slug"),
        required=False,
        empty_label=_("Elija el ejercicio"),
    )
    hearing_at = forms.DateTimeField(
        label=_("Fecha y hora de la audiencia pública"),
        required=False,
        help_text=_(
            "Con ella se crea la audiencia y se calculan las fechas límite de las acciones. "
            "Obligatoria con la plantilla o la copia."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Exercise
        fields = ["year", "slug", "title", "summary", "starts_on", "ends_on", "is_published"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Copied from the entity's own exercises only: the new one is filed under the
        # entity of the work under way (the key's default), and the copy stays in it.
        self.fields["copy_from"].queryset = Exercise.objects.filter(
            entity_id=self.instance.entity_id
        ).order_by("-year", "slug")
        for name in ("starts_on", "ends_on"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Vacío: el %(day)s del año del ejercicio.") % {
                "day": _("1 de enero") if name == "starts_on" else _("31 de diciembre")
            }

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year and not cleaned.get("starts_on") and not self.has_error("starts_on"):
            cleaned["starts_on"] = date(year, 1, 1)
        if year and not cleaned.get("ends_on") and not self.has_error("ends_on"):
            cleaned["ends_on"] = date(year, 12, 31)
        source = cleaned.get("source")
        if source == services.Source.COPY and not cleaned.get("copy_from"):
            self.add_error("copy_from", _("Elija el ejercicio que quiere copiar."))
        needs_date = source in (services.Source.TEMPLATE, services.Source.COPY)
        if needs_date and not cleaned.get("hearing_at") and not self.has_error("hearing_at"):
            self.add_error(
                "hearing_at",
                _("Indique la fecha de la audiencia: de ella salen las fechas límite."),
            )
        refuse_taken_address(self, cleaned)
        return cleaned

    def exercise_values(self) -> dict:
        """{model field: value} for services.create_exercise (the dates filled in)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ExerciseEditForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = [
            "year",
            "slug",
            "title",
            "planning_instrument",
            "summary",
            "starts_on",
            "ends_on",
            "is_published",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_published:
            # A published exercise's address is in links, bulletins and printed material.
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Publicado: su dirección ya circula y no cambia.")

    def clean(self):
        cleaned = super().clean()
        refuse_taken_address(self, cleaned)
        return cleaned


class ExerciseAdminForm(forms.ModelForm):
    """Django admin's exercise form, with the address checked within the entity."""

    class Meta:
        model = Exercise
        fields = [
            "year",
            "slug",
            "title",
            "planning_instrument",
            "summary",
            "starts_on",
            "ends_on",
            "is_published",
        ]

    def clean(self):
        cleaned = super().clean()
        refuse_taken_address(self, cleaned)
        return cleaned


class OversightCommitteeAdminForm(forms.ModelForm):
    """Django admin's veeduría form: a name is unique within the entity (checked here, as
    the entity is on no form)."""

    class Meta:
        model = OversightCommittee
        fields = ["name", "members", "is_active"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = OversightCommittee.objects.filter(entity_id=self.instance.entity_id, name=name)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Ya hay una veeduría con ese nombre."))
        return name


class ActionForm(forms.ModelForm):
    """What a department officer updates on an action of their office."""

    class Meta:
        model = Action
        fields = [
            "status",
            "due_on",
            "department",
            "audiences",
            "channels",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].empty_label = _("Sin dependencia asignada")


class ActionManageForm(ActionForm):
    """Planning and communications write the action itself: its stage, text and element."""

    class Meta(ActionForm.Meta):
        fields = ["stage", "description", "element", *ActionForm.Meta.fields]

    def __init__(self, *args, exercise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(exercise=exercise).order_by("position")
        self.fields["stage"].empty_label = None
        self.fields["stage"].label_from_instance = lambda stage: stage.get_kind_display()

    def clean_description(self):
        return _plain(self.cleaned_data["description"])


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "committee", "title", "date", "file", "summary", "replaces"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, exercise, oversight_only=False, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversight_only = oversight_only
        self.fields["committee"].queryset = (
            committees
            if committees is not None
            else OversightCommittee.objects.filter(is_active=True)
        )
        self.fields["committee"].empty_label = _("Ninguna")
        self.instance.exercise = exercise
        self.fields["replaces"].queryset = Document.objects.filter(
            exercise=exercise, replaced_by__isnull=True
        )
        self.fields["replaces"].required = False
        self.fields["replaces"].empty_label = _("Ninguno: es un documento nuevo")
        self.fields["kind"].choices = [("", _("Elija el tipo"))] + list(DocumentKind.choices)
        self.fields["file"].widget.attrs["accept"] = "application/pdf"
        if oversight_only:
            self.fields["kind"].choices = [
                (DocumentKind.OVERSIGHT_REPORT, DocumentKind.OVERSIGHT_REPORT.label)
            ]
            self.fields["replaces"].queryset = self.fields["replaces"].queryset.filter(
                kind=DocumentKind.OVERSIGHT_REPORT, committee__in=self.fields["committee"].queryset
            )
            # A veeduría member uploads only for the veeduría they belong to.
            self.fields["committee"].required = True
            self.fields["committee"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DocumentKind.OVERSIGHT_REPORT and not cleaned.get("committee"):
            self.add_error("committee", _("Indique la veeduría que presenta el informe."))
        return cleaned

    def clean_summary(self):
        return clean_html(self.cleaned_data["summary"])

    def document_values(self) -> dict:
        """{model field: value} for services.save_document, the cleaned upload among them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegistrationForm(PublicForm):
    """Register to attend or to intervene, without an account."""

    name = forms.CharField(label=_("Nombre completo"), max_length=200)
    email = EmailAddressField(
        label=_("Correo electrónico"),
        required=False,
        help_text=_("Le enviamos allí su código. Deje al menos un correo o un teléfono."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.RegexField(
        label=_("Teléfono"),
        required=False,
        max_length=30,
        regex=r"^\+?[0-9 ()-]{7,30}$",
        error_messages={
            "invalid": _("Escriba el teléfono solo con números, por ejemplo 604 373 76 76.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    topic = forms.CharField(label=_("Tema de su intervención"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Resumen de lo que quiere decir"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    population_group = forms.ChoiceField(
        label=_("Grupo poblacional (opcional, dato sensible)"),
        required=False,
        choices=[("", _("Prefiero no decirlo"))] + list(PopulationGroup.choices),
        help_text=_("Solo se usa en cifras agregadas, si usted lo autoriza abajo."),
    )
    sensitive = forms.BooleanField(
        label=_(
            "Autorizo el tratamiento del grupo poblacional que indiqué, un dato sensible, solo "
            "para cifras agregadas. Es opcional."
        ),
        required=False,
    )
    consent = forms.BooleanField(
        label=DATA_CONSENT_TEXT,
        error_messages={
            "required": _("Para inscribirse debe aceptar el tratamiento de sus datos personales.")
        },
    )

    def __init__(self, *args, kind=RegistrationKind.ATTEND, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == RegistrationKind.INTERVENE:
            self.fields["topic"].required = True
            self.fields["summary"].required = True
        else:
            del self.fields["topic"]
            del self.fields["summary"]

    def clean_name(self):
        return _plain(self.cleaned_data["name"])

    def clean_topic(self):
        return _plain(self.cleaned_data.get("topic", ""))

    def clean_summary(self):
        return _plain(self.cleaned_data.get("summary", ""))

    def clean(self):
        cleaned = super().clean()
        no_contact = not cleaned.get("email") and not cleaned.get("phone")
        if no_contact and not self.has_error("email") and not self.has_error("phone"):
            self.add_error(
                "email", _("Deje un correo electrónico o un teléfono para poder avisarle.")
            )
        if cleaned.get("population_group") and not cleaned.get("sensitive"):
            self.add_error(
                "sensitive",
                _(
                    "Indicó un grupo poblacional: marque esta autorización o elija «Prefiero no "
                    "decirlo»."
                ),
            )
        return cleaned


def _plain(text: str) -> str:
    """Plain text only: markup in a citizen's text is refused with a Spanish error."""
    if "<" in text and ">" in text:
        raise forms.ValidationError(
            _("Escriba solo texto, sin etiquetas HTML ni código (quite los signos < y >).")
        )
    return text.strip()


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "modality",
            "place",
            "address",
            "stream_url",
            "recording_url",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        changed = self.instance.pk is None or "starts_at" in self.changed_data
        if changed and starts_at < timezone.now():
            raise forms.ValidationError(_("La fecha del evento ya pasó; escoja una fecha futura."))
        return starts_at

    def clean_title(self):
        return _plain(self.cleaned_data["title"])

    def event_values(self) -> dict:
        """{model field: value} for services.save_event."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EventDetailsForm(forms.ModelForm):
    class Meta:
        model = EventDetails
        fields = [
            "description",
            "map_url",
            "rules",
            "capacity",
            "accessibility",
            "recording_has_captions",
            "registration_open",
        ]

    def clean(self):
        cleaned = super().clean()
        for name in ["description", "rules", "accessibility"]:
            try:
                cleaned[name] = _plain(cleaned.get(name, ""))
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def details_values(self) -> dict:
        """{model field: value} for services.save_event."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


AgendaFormSet = forms.inlineformset_factory(
    Event,
    AgendaItem,
    fields=["starts_at", "topic", "speaker"],
    extra=3,
    can_delete=True,
    widgets={"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")},
)


def agenda_values(agenda) -> list[dict]:
    """The whole agenda a valid AgendaFormSet keeps, for services.save_event: each row's
    time, topic and speaker with its "id" (None for a new row). Rows marked for deletion
    and empty extra rows are left out."""
    rows = []
    for form in agenda.forms:
        # An extra row left empty is not validated: its cleaned_data stays empty.
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        item = form.cleaned_data.get("id")
        rows.append(
            {
                "id": item.pk if item is not None else None,
                "starts_at": form.cleaned_data["starts_at"],
                "topic": form.cleaned_data["topic"],
                "speaker": form.cleaned_data.get("speaker", ""),
            }
        )
    return rows
