from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanningInstrument(models.TextChoices):
    # Ley 1474 de 2011 art. 73 (PAAC) until 2024; Ley 2195 de 2022 art. 31 (PTEP) from 2025.
    PAAC = "paac", _("Plan Anticorrupción y de Atención al Ciudadano (PAAC)")
    PTEP = "ptep", _("Programa de Transparencia y Ética Pública (PTEP)")


class ExerciseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Exercise(models.Model):
    """One year's accountability exercise (Ley 1757 de 2015, arts. 48-59), walked through
    the five MURC stages. Its public address is /rendicion/<year>/."""

    year = models.PositiveSmallIntegerField(
        _("año"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("título"), max_length=200)
    planning_instrument = models.CharField(
        _("instrumento de planeación"),
        max_length=10,
        choices=PlanningInstrument,
        default=PlanningInstrument.PAAC,
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

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("El fin no puede ser anterior al inicio.")})


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
