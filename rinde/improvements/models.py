from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.core import files


class Origin(models.TextChoices):
    EVALUATION = "evaluation", _("Resultado de la evaluación")
    QUESTION = "question", _("Pregunta sin respuesta")
    OVERSIGHT = "oversight", _("Informe de veeduría")
    SURVEY = "survey", _("Resultado de la encuesta de temas")
    FORUM = "forum", _("Comentario o resumen del foro")
    OTHER = "other", _("Otro origen")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planeada")
    IN_PROGRESS = "in_progress", _("En curso")
    DONE = "done", _("Cumplida")
    CANCELLED = "cancelled", _("Cancelada")


class ImprovementActionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=[Status.PLANNED, Status.IN_PROGRESS], due_on__lt=today)


class ImprovementAction(models.Model):
    """An acción de mejora: what will change, born of what citizens said or of a finding."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="improvement_actions"
    )
    description = models.TextField(_("acción de mejora"), max_length=2000)
    origin = models.CharField(_("origen"), max_length=20, choices=Origin)
    origin_detail = models.CharField(
        _("de dónde viene"),
        max_length=300,
        help_text=_("Lo que la originó, en pocas palabras; se publica."),
    )
    # The exact item it traces back to, when it lives in Rinde.
    evaluation_question = models.ForeignKey(
        "evaluation.EvaluationQuestion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    question = models.ForeignKey(
        "questions.Question",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    document = models.ForeignKey(
        "exercises.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    department = models.ForeignKey(
        "entity.Department",
        verbose_name=_("dependencia responsable"),
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    due_on = models.DateField(_("fecha límite"))
    status = models.CharField(_("estado"), max_length=12, choices=Status, default=Status.PLANNED)
    evidence_url = models.URLField(_("enlace a la evidencia"), blank=True)
    evidence_file = files.CleanedFileField(
        _("evidencia (PDF)"),
        upload_to=files.GeneratedPath("improvements"),
        blank=True,
        allowed={files.PDF},
        name_field="evidence_name",
    )
    evidence_name = models.CharField(
        _("nombre del archivo de evidencia"), max_length=200, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("acción de mejora")
        verbose_name_plural = _("acciones de mejora")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin="evaluation")
                | Q(evaluation_question__isnull=False)
                | ~Q(origin_detail=""),
                name="improvement_has_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status in (Status.PLANNED, Status.IN_PROGRESS) and self.due_on < today
