from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rinde.core.models import TimeWindow
from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Una opción")
    MULTIPLE = "multiple", _("Varias opciones")
    SCALE = "scale", _("Escala")
    YES_NO = "yes_no", _("Sí o no, con «¿por qué?»")
    TEXT = "text", _("Texto libre")


class EvaluationForm(TimeWindow):
    """The hearing's evaluation form: one per event, open in a time window."""

    entity = entity_key()
    event = models.OneToOneField(
        "exercises.Event", on_delete=models.PROTECT, related_name="evaluation_form"
    )
    title = models.CharField(_("título"), max_length=200)
    intro = models.TextField(_("presentación"), blank=True)
    based_on = models.CharField(_("basado en"), max_length=200, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("formato de evaluación")
        verbose_name_plural = _("formatos de evaluación")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="evaluation_window_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EvaluationQuestion(models.Model):
    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("orden"))
    code = models.SlugField(_("código"), max_length=40)
    text = models.CharField(_("pregunta"), max_length=300)
    kind = models.CharField(_("tipo"), max_length=10, choices=QuestionKind)
    required = models.BooleanField(_("obligatoria"), default=True)
    # [[code, label], ...] for single and multiple choice; scale uses scale_min..scale_max.
    options = models.JSONField(_("opciones"), default=list, blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    maps_to_outreach = models.BooleanField(
        _("mide los canales de difusión"),
        default=False,
        help_text=_(
            "«¿Cómo se enteró?»: sus opciones se comparan con los canales del plan de difusión."
        ),
    )

    class Meta:
        # Not "Question": that is the citizens' petition (questions.Question).
        verbose_name = _("pregunta de evaluación")
        verbose_name_plural = _("preguntas de evaluación")
        ordering = ["form", "order"]
        constraints = [
            models.UniqueConstraint(fields=["form", "order"], name="evaluation_question_order"),
            models.UniqueConstraint(fields=["form", "code"], name="evaluation_question_code"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def option_labels(self) -> dict[str, str]:
        return {code: label for code, label in self.options}


class Channel(models.TextChoices):
    WEB = "web", _("En línea")
    PAPER = "paper", _("Formato en papel")


class Response(models.Model):
    """One person's filled form. Anonymous: no personal data is asked or kept."""

    form = models.ForeignKey(EvaluationForm, on_delete=models.PROTECT, related_name="responses")
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.WEB)
    sheet_number = models.PositiveIntegerField(_("número de la hoja"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # The duplicate-sheet guard: a paper sheet is typed once.
            models.UniqueConstraint(
                fields=["form", "sheet_number"],
                condition=Q(sheet_number__isnull=False),
                name="paper_sheet_once",
            ),
            models.CheckConstraint(
                condition=Q(channel="web") | Q(sheet_number__isnull=False),
                name="paper_has_sheet_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        EvaluationQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    choices = models.JSONField(default=list, blank=True)  # option codes, or ["yes"]/["no"]
    number = models.SmallIntegerField(null=True, blank=True)  # scale
    text = models.TextField(blank=True)  # free text or the "why" of a yes/no
    text_is_public = models.BooleanField(_("texto publicable"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="evaluation_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.choices or self.number or self.text[:20]}"


class EvaluationReport(models.Model):
    """The exercise's evaluation report: figures frozen at publication, narrative per section;
    a change after publication is a new version."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        PUBLISHED = "published", _("Publicado")

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="evaluation_reports"
    )
    version = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=10, choices=State, default=State.DRAFT)
    narrative = models.JSONField(_("narrativa por sección"), default=dict, blank=True)
    figures = models.JSONField(_("cifras congeladas"), default=dict, blank=True)
    # reporting.render_and_attach_pdf's steps; shown to staff in Spanish.
    pdf_status = models.CharField(max_length=20, blank=True)
    document = models.OneToOneField(
        "exercises.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_report",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["exercise", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "version"], name="evaluation_report_version"
            )
        ]

    PDF_STATUS_LABELS = {
        "queued": _("en cola"),
        "rendering": _("generándose"),
        "failed": _("falló"),
        "done": _("listo"),
    }

    def __str__(self) -> str:
        return f"Informe de evaluación {self.exercise.year} v{self.version}"

    def get_pdf_status_display(self) -> str:
        return str(self.PDF_STATUS_LABELS.get(self.pdf_status, self.pdf_status))
