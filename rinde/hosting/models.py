from django.db import models
from django.utils.translation import gettext_lazy as _

from rinde.core.charts import share


class EntityFigures(models.Model):
    """One entity's published figures as /entidades/ shows them, written by
    figures.refresh (the hourly housekeeping and load_demo): the page reads this table
    alone. Every figure comes from what the entity has already published: its latest
    published exercise (questions, hearing, evaluation report) and its current plan's
    latest published cut."""

    entity = models.OneToOneField(
        "entity.Entity",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="public_figures",
        verbose_name=_("entidad"),
    )
    exercise_title = models.CharField(_("ejercicio"), max_length=200, blank=True)
    exercise_slug = models.SlugField(max_length=60, blank=True)
    questions_received = models.PositiveIntegerField(_("preguntas recibidas"), default=0)
    questions_answered = models.PositiveIntegerField(_("preguntas respondidas"), default=0)
    questions_on_time = models.PositiveIntegerField(_("respondidas a tiempo"), default=0)
    hearing_on = models.DateField(_("audiencia realizada"), null=True)
    evaluation_published_on = models.DateField(_("informe de evaluación publicado"), null=True)
    plan_name = models.CharField(_("plan de desarrollo"), max_length=300, blank=True)
    plan_progress = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    plan_period = models.DateField(null=True)
    computed_at = models.DateTimeField(_("calculadas"))

    class Meta:
        verbose_name = _("cifras públicas de una entidad")
        verbose_name_plural = _("cifras públicas de las entidades")

    def __str__(self) -> str:
        return str(self.entity)

    @property
    def on_time_share(self) -> int | None:
        """Whole percent of the answered questions answered within their term."""
        if not self.questions_answered:
            return None
        return share(self.questions_on_time, self.questions_answered)

    @property
    def plan_percent(self) -> int | None:
        """The plan's four-year progress as the plan pages round it."""
        return None if self.plan_progress is None else round(self.plan_progress * 100)


class EntityUsage(models.Model):
    """What one entity uses of the installation, for the host's panel: written by
    usage.refresh (housekeeping, or the panel's button), read by /anfitrion/ alone."""

    entity = models.OneToOneField(
        "entity.Entity",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="usage",
        verbose_name=_("entidad"),
    )
    storage_bytes = models.PositiveBigIntegerField(_("almacenamiento"), default=0)
    questions_received = models.PositiveIntegerField(_("preguntas recibidas"), default=0)
    emails_sent = models.PositiveIntegerField(_("correos enviados"), default=0)
    computed_at = models.DateTimeField(_("calculado"))

    class Meta:
        verbose_name = _("uso de una entidad")
        verbose_name_plural = _("uso de las entidades")

    def __str__(self) -> str:
        return str(self.entity)
