import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from rinde.core import files
from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet
from rinde.exercises.accessibility import has_html_version


class PlanningInstrument(models.TextChoices):
    # Ley 1474 de 2011 art. 73 (PAAC) until 2024; Ley 2195 de 2022 art. 31 (PTEP) from 2025.
    PAAC = "paac", _("Plan Anticorrupción y de Atención al Ciudadano (PAAC)")
    PTEP = "ptep", _("Programa de Transparencia y Ética Pública (PTEP)")


# The first year whose strategy lives in the PTEP (Ley 2195 de 2022 art. 31, regulated by
# Decreto 1122 de 2024; /work/shared/docs/legal.md).
PTEP_FROM_YEAR = 2025


def instrument_for_year(year: int) -> str:
    """The planning instrument that holds a year's accountability strategy."""
    return PlanningInstrument.PTEP if year >= PTEP_FROM_YEAR else PlanningInstrument.PAAC


# How the strategy's instrument is named in running text and in short.
INSTRUMENT_TERMS = {
    PlanningInstrument.PAAC: (_("Plan Anticorrupción y de Atención al Ciudadano"), "PAAC"),
    PlanningInstrument.PTEP: (_("Programa de Transparencia y Ética Pública"), "PTEP"),
}


# The year, then words of lowercase letters or digits joined by hyphens: "2023",
# "2027-infancia". rinde/exercises/converters.py matches the same in URLs.
EXERCISE_SLUG_PATTERN = r"[0-9]{4}(?:-[a-z0-9]+)*"
validate_exercise_slug = RegexValidator(
    rf"\A{EXERCISE_SLUG_PATTERN}\Z",
    _("Escriba el año y, si hace falta, palabras en minúscula unidas por guiones: 2027-infancia."),
)


class ExerciseQuerySet(EntityScopedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_slug(self, raw: str):
        """The exercise a typed or posted value names; none for anything that is not a slug
        (PostgreSQL refuses some characters, such as NUL, in a query)."""
        if not isinstance(raw, str) or not re.fullmatch(EXERCISE_SLUG_PATTERN, raw):
            return self.none()
        return self.filter(slug=raw)


class Exercise(models.Model):
    """One accountability exercise (Ley 1757 de 2015, arts. 48-59), walked through the five
    MURC stages. Its public address is /rendicion/<slug>/: the year for an entity's main
    exercise ("2023"), the year and a word for another one the same year ("2027-infancia",
    a children's or a sectoral hearing)."""

    entity = entity_key()
    year = models.PositiveSmallIntegerField(
        _("año"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    slug = models.CharField(
        _("dirección"),
        max_length=40,
        blank=True,
        validators=[validate_exercise_slug],
        help_text=_(
            "Lo que sigue a /rendicion/ en su dirección pública: el año, o el año y una "
            "palabra (2027-infancia). Vacío: el año."
        ),
    )
    title = models.CharField(_("título"), max_length=200)
    # Blank: the instrument of the exercise's year (instrument_for_year), set on save.
    planning_instrument = models.CharField(
        _("instrumento de planeación"),
        max_length=10,
        choices=PlanningInstrument,
        blank=True,
        help_text=_("Vacío: el que corresponde al año (PAAC hasta 2024, PTEP desde 2025)."),
    )
    summary = models.TextField(_("resumen"), blank=True)
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("fin"))
    is_published = models.BooleanField(_("publicado"), default=False)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ejercicio de rendición de cuentas")
        verbose_name_plural = _("ejercicios de rendición de cuentas")
        ordering = ["-year"]
        constraints = [
            # An address is unique within its entity: every entity has its /rendicion/2023/.
            models.UniqueConstraint(
                fields=["entity", "slug"], name="exercises_exercise_slug_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug and self.year:
            self.slug = str(self.year)
        if not self.planning_instrument and self.year:
            self.planning_instrument = instrument_for_year(self.year)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("exercises:detail", args=[self.slug])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("El fin no puede ser anterior al inicio.")})
        if self.year and not self.slug:
            self.slug = str(self.year)
        if self.year and self.slug and not self.slug.startswith(str(self.year)):
            raise ValidationError(
                {
                    "slug": _("La dirección empieza por el año del ejercicio (%(year)s).")
                    % {"year": self.year}
                }
            )

    @property
    def instrument_name(self) -> str:
        return str(INSTRUMENT_TERMS[self.planning_instrument or instrument_for_year(self.year)][0])

    @property
    def instrument_short(self) -> str:
        return INSTRUMENT_TERMS[self.planning_instrument or instrument_for_year(self.year)][1]


# Live streams are embedded only from these hosts (after the visitor asks for it).
STREAM_HOSTS = {
    "www.facebook.com",
    "facebook.com",
    "fb.watch",
    "www.youtube.com",
    "youtube.com",
    "youtu.be",
}


def validate_stream_url(url: str) -> None:
    if url and (urlsplit(url).hostname or "").lower() not in STREAM_HOSTS:
        raise ValidationError(
            _("La transmisión debe estar en Facebook o YouTube; no reconocemos ese sitio.")
        )


class EventKind(models.TextChoices):
    HEARING = "hearing", _("Audiencia pública participativa")
    DIALOGUE = "dialogue", _("Espacio de diálogo")
    OTHER = "other", _("Otro evento")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("Presencial")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Híbrida")


class Event(models.Model):
    """The public hearing or another dialogue space of an exercise."""

    exercise = models.ForeignKey(
        Exercise, verbose_name=_("ejercicio"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=EventKind, default=EventKind.HEARING)
    title = models.CharField(_("título"), max_length=200)
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("fin"))
    modality = models.CharField(
        _("modalidad"), max_length=20, choices=Modality, default=Modality.HYBRID
    )
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    stream_url = models.URLField(_("enlace de la transmisión"), blank=True)
    recording_url = models.URLField(_("enlace de la grabación"), blank=True)

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("El fin debe ser posterior al inicio.")})
        try:
            validate_stream_url(self.stream_url)
        except ValidationError as error:
            raise ValidationError({"stream_url": error.messages}) from None


class StageKind(models.TextChoices):
    # The five stages of the Manual Único de Rendición de Cuentas (MURC).
    READINESS = "readiness", _("Aprestamiento")
    DESIGN = "design", _("Diseño")
    PREPARATION = "preparation", _("Preparación")
    EXECUTION = "execution", _("Ejecución")
    FOLLOW_UP = "follow_up", _("Seguimiento y evaluación")


STAGE_ORDER = {kind: position for position, kind in enumerate(StageKind, start=1)}


class Element(models.TextChoices):
    # The three MURC elements of accountability.
    INFORMATION = "information", _("Información")
    DIALOGUE = "dialogue", _("Diálogo")
    RESPONSIBILITY = "responsibility", _("Responsabilidad")


class ActionStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    IN_PROGRESS = "in_progress", _("En curso")
    DONE = "done", _("Cumplida")
    CANCELLED = "cancelled", _("Cancelada")


class Stage(models.Model):
    """One of the five MURC stages of an exercise."""

    exercise = models.ForeignKey(
        Exercise, verbose_name=_("ejercicio"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("etapa"), max_length=20, choices=StageKind)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    description = models.TextField(_("descripción"), blank=True)

    class Meta:
        verbose_name = _("etapa")
        verbose_name_plural = _("etapas")
        ordering = ["exercise", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "kind"], name="unique_stage_per_exercise")
        ]

    def __str__(self) -> str:
        return f"{self.exercise.year} · {self.get_kind_display()}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class Action(models.Model):
    """A MURC action within a stage, with its responsible office and evidence."""

    stage = models.ForeignKey(
        Stage, verbose_name=_("etapa"), on_delete=models.CASCADE, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    description = models.TextField(_("descripción"))
    element = models.CharField(_("elemento"), max_length=20, choices=Element)
    department = models.ForeignKey(
        "entity.Department",
        verbose_name=_("dependencia responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="murc_actions",
    )
    audiences = models.TextField(_("públicos"), blank=True)
    channels = models.TextField(_("canales"), blank=True)
    due_on = models.DateField(_("fecha límite"), null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=ActionStatus, default=ActionStatus.PENDING
    )
    evidence_file = files.CleanedFileField(
        _("evidencia (archivo PDF)"),
        upload_to=files.GeneratedPath("rendicion/evidencias/%Y"),
        blank=True,
        allowed={files.PDF},
        name_field="evidence_name",
    )
    evidence_name = models.CharField(
        _("nombre del archivo de evidencia"), max_length=200, blank=True, editable=False
    )
    evidence_url = models.URLField(_("evidencia (enlace)"), blank=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("acción")
        verbose_name_plural = _("acciones")
        ordering = ["stage__position", "position", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today) -> bool:
        return bool(
            self.due_on
            and self.due_on < today
            and self.status not in (ActionStatus.DONE, ActionStatus.CANCELLED)
        )


class DocumentKind(models.TextChoices):
    STRATEGY = "strategy", _("Estrategia de rendición de cuentas")
    MANAGEMENT_REPORT = "management_report", _("Informe de gestión")
    OVERSIGHT_REPORT = "oversight_report", _("Informe de veeduría")
    EVALUATION_REPORT = "evaluation_report", _("Informe de evaluación")
    ANSWERS_REPORT = "answers_report", _("Informe de respuestas")
    MINUTES = "minutes", _("Acta")
    OTHER = "other", _("Otro documento")


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class OversightCommittee(models.Model):
    """A veeduría ciudadana (Ley 850 de 2003): its members upload its own reports."""

    entity = entity_key()
    name = models.CharField(_("nombre"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("integrantes con cuenta"),
        blank=True,
        related_name="oversight_committees",
    )
    is_active = models.BooleanField(_("activa"), default=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("veeduría ciudadana")
        verbose_name_plural = _("veedurías ciudadanas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"], name="exercises_oversightcommittee_name_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """A PDF of the exercise with an accessible HTML summary beside it. A correction is a
    new version that points to the one it replaces; the public list shows newest first."""

    exercise = models.ForeignKey(
        Exercise, verbose_name=_("ejercicio"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("tipo"), max_length=30, choices=DocumentKind)
    title = models.CharField(_("título"), max_length=200)
    date = models.DateField(_("fecha del documento"))
    # The uploaded PDF stays private (drafts are not public); publishing copies it to
    # `public_file` under a new generated name (exercises.services.expose_document).
    file = files.CleanedFileField(
        _("archivo PDF"),
        upload_to=files.GeneratedPath("rendicion/documentos/%Y"),
        storage=files.private_storage,
        allowed={files.PDF},
        name_field="original_name",
    )
    original_name = models.CharField(
        _("nombre del archivo recibido"), max_length=200, blank=True, editable=False
    )
    public_file = models.FileField(
        _("copia publicada"),
        upload_to=files.GeneratedPath("rendicion/documentos/%Y"),
        blank=True,
        editable=False,
    )
    size = models.PositiveBigIntegerField(_("tamaño en bytes"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False, blank=True)
    summary = models.TextField(
        _("resumen accesible"),
        help_text=_("Lo esencial del documento en texto, para quien no puede leer el PDF."),
    )
    version = models.PositiveSmallIntegerField(_("versión"), default=1, editable=False)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("corrige a"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    committee = models.ForeignKey(
        OversightCommittee,
        verbose_name=_("veeduría"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Para los informes de veeduría: la veeduría que lo presenta."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subido por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    published_at = models.DateTimeField(_("publicado"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title if self.version == 1 else f"{self.title} (v{self.version})"

    # Every exercise document is an item 4.7 report of the Transparencia menu (Res. 1519 de
    # 2020, Anexo 2) and belongs to the «Rendición de cuentas» section of the Participa menu.
    transparency_item = "4.7"
    participa_section = _("Rendición de cuentas")

    @property
    def download_name(self) -> str:
        """The PDF's name for a citizen's download, in Spanish from its title:
        "informe-de-gestion-2023.pdf" (the uploaded file's name may be anything)."""
        stem = slugify(self.title)[:80].strip("-") or "documento"
        return f"{stem}-version-{self.version}.pdf" if self.version > 1 else f"{stem}.pdf"

    @property
    def has_html_version(self) -> bool:
        """exercises.accessibility: a public page flags a PDF without it."""
        return has_html_version(self.summary)


class EventDetails(models.Model):
    """What an event page needs beyond the shared Event row: rules, capacity, accessibility."""

    event = models.OneToOneField(
        Event, verbose_name=_("evento"), on_delete=models.CASCADE, related_name="details"
    )
    description = models.TextField(_("descripción"), blank=True)
    map_url = models.URLField(_("enlace al mapa"), blank=True)
    rules = models.TextField(_("reglas de intervención"), blank=True)
    capacity = models.PositiveIntegerField(
        _("aforo"), null=True, blank=True, help_text=_("Vacío: sin límite de inscripciones.")
    )
    accessibility = models.TextField(
        _("servicios de accesibilidad"),
        blank=True,
        help_text=_("Por ejemplo: intérprete de lengua de señas, subtítulos, rampa de acceso."),
    )
    recording_has_captions = models.BooleanField(_("la grabación tiene subtítulos"), default=False)
    registration_open = models.BooleanField(_("inscripciones abiertas"), default=True)

    class Meta:
        verbose_name = _("detalles del evento")
        verbose_name_plural = _("detalles de los eventos")

    def __str__(self) -> str:
        return str(self.event)


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("evento"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    starts_at = models.TimeField(_("hora"))
    topic = models.CharField(_("tema"), max_length=300)
    speaker = models.CharField(_("quién presenta"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("punto de la agenda")
        verbose_name_plural = _("agenda")
        ordering = ["event", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.topic}"


class RegistrationKind(models.TextChoices):
    ATTEND = "attend", _("Asistir")
    INTERVENE = "intervene", _("Intervenir")


class PopulationGroup(models.TextChoices):
    # Sensitive data (Ley 1581 de 2012, art. 5): optional, with its own authorization.
    ETHNIC = "ethnic", _("Grupo étnico (indígena, afrodescendiente, raizal, palenquero, rom)")
    DISABILITY = "disability", _("Persona con discapacidad")
    OLDER = "older", _("Persona mayor")
    YOUTH = "youth", _("Joven")
    VICTIM = "victim", _("Víctima del conflicto armado")
    LGBTIQ = "lgbtiq", _("Población LGBTIQ+")
    OTHER = "other", _("Otro grupo")


class Registration(models.Model):
    """A citizen's registration, without an account, to attend or to intervene in an event.
    Personal data: shown only to staff, never on a public page."""

    event = models.ForeignKey(
        Event, verbose_name=_("evento"), on_delete=models.PROTECT, related_name="registrations"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=RegistrationKind)
    code = models.CharField(_("código"), max_length=12, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=30, blank=True)
    population_group = models.CharField(
        _("grupo poblacional"), max_length=20, choices=PopulationGroup, blank=True
    )
    sensitive_data_consent = models.BooleanField(
        _("autorización de datos sensibles"), default=False
    )
    data_consent_version = models.CharField(_("versión de la autorización"), max_length=40)
    topic = models.CharField(_("tema de la intervención"), max_length=200, blank=True)
    summary = models.TextField(_("resumen de la intervención"), blank=True)
    created_at = models.DateTimeField(_("inscrita"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("asistencia registrada"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("recordatorio enviado"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")
        ordering = ["event", "created_at"]

    def __str__(self) -> str:
        return self.code


class DutyWarning(models.Model):
    """An e-mail that warned staff of one duty of the legal calendar (legal_calendar.py):
    one per duty, due date and state, so the daily run never repeats it and a moved due
    date warns again."""

    exercise = models.ForeignKey(
        Exercise, verbose_name=_("ejercicio"), on_delete=models.CASCADE, related_name="+"
    )
    duty = models.CharField(_("obligación"), max_length=40)
    due_on = models.DateField(_("fecha límite"))
    state = models.CharField(_("estado"), max_length=20)
    sent_at = models.DateTimeField(_("enviado"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("destinatarios"), default=0)

    class Meta:
        verbose_name = _("aviso de vencimiento")
        verbose_name_plural = _("avisos de vencimiento")
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "duty", "due_on", "state"], name="one_warning_per_duty_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} {self.duty} {self.due_on}"
