import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.core import files
from rinde.core.privacy import QUESTION_AUTHORIZATION_VERSION, mask_personal_data
from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet
from rinde.questions import deadlines

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_QUESTION_LENGTH = 4000
# The version of the personal-data authorization text shown beside the form.
AUTHORIZATION_VERSION = QUESTION_AUTHORIZATION_VERSION


CODE_LENGTH = 6


def new_tracking_code(year: int) -> str:
    """Six symbols drawn uniformly from CODE_ALPHABET, from one call to the system's random
    source: drawing each symbol with secrets.choice asked the kernel six times per
    question."""
    number = secrets.randbelow(len(CODE_ALPHABET) ** CODE_LENGTH)
    symbols = []
    for _position in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[digit])
    return f"RC{year}-" + "".join(symbols)


class PetitionKind(models.TextChoices):
    GENERAL = "general", _("Petición general (15 días hábiles)")
    INFORMATION = "information", _("Solicitud de información o documentos (10 días hábiles)")
    CONSULTATION = "consultation", _("Consulta (30 días hábiles)")


class Channel(models.TextChoices):
    WEB = "web", _("Formulario web")
    LIVE = "live", _("Página de la audiencia en vivo")
    CHAT = "chat", _("Chat de la transmisión")
    PAPER = "paper", _("Formato en papel")
    EMAIL = "email", _("Correo electrónico")


class Status(models.TextChoices):
    RECEIVED = "received", _("Recibida, por clasificar")
    ASSIGNED = "assigned", _("En trámite")
    IN_REVIEW = "in_review", _("Respuesta en revisión")
    ANSWERED = "answered", _("Respondida por escrito")
    AT_HEARING = "at_hearing", _("Respondida en la audiencia")
    FORWARDED = "forwarded", _("Remitida a otra autoridad")
    MERGED = "merged", _("Unida a otra pregunta igual")
    REJECTED = "rejected", _("Rechazada")


OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_REVIEW)
CLOSED_ANSWERED = (Status.ANSWERED, Status.AT_HEARING)


class QuestionQuerySet(EntityScopedQuerySet):
    def public(self):
        """Every question the public sees: all but rejected ones and merged duplicates."""
        return self.exclude(status__in=[Status.REJECTED, Status.MERGED])

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today):
        return self.open().filter(current_due_on__lt=today)

    def for_list(self):
        return self.select_related("department", "exercise").order_by("-received_at", "-pk")


class Question(models.Model):
    entity = entity_key()
    exercise = models.ForeignKey(
        "exercises.Exercise",
        verbose_name=_("ejercicio"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    event = models.ForeignKey(
        "exercises.Event",
        verbose_name=_("evento"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    # Unique site-wide, not per entity: a code printed on a letter or typed from paper must
    # find one question whatever the address it is typed at.
    tracking_code = models.CharField(_("código de seguimiento"), max_length=16, unique=True)
    text = models.TextField(_("pregunta"), max_length=MAX_QUESTION_LENGTH)
    # The text as public pages, reports and the public search see it: e-mail addresses,
    # phone numbers and identity documents typed into it hidden (core.privacy.
    # mask_personal_data). Stored, so a search can never find what the page hides; staff
    # see `text` as received.
    public_text = models.TextField(_("pregunta publicada"), blank=True, editable=False)
    topic = models.CharField(_("tema"), max_length=120, blank=True)
    department = models.ForeignKey(
        "entity.Department",
        verbose_name=_("dependencia"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    kind = models.CharField(
        _("tipo de petición"), max_length=20, choices=PetitionKind, default=PetitionKind.GENERAL
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel, default=Channel.WEB)
    status = models.CharField(
        _("estado"), max_length=12, choices=Status, default=Status.RECEIVED, db_index=True
    )

    # Personal data: never on public pages, exports or the API.
    asker_name = models.CharField(_("nombre"), max_length=150, blank=True)
    asker_email = models.EmailField(_("correo"), blank=True)
    asker_phone = models.CharField(_("teléfono"), max_length=30, blank=True)
    publish_name = models.BooleanField(_("autoriza publicar su nombre"), default=False)
    data_authorization_version = models.CharField(max_length=20, blank=True)
    data_authorized_at = models.DateTimeField(null=True, blank=True)

    # The legal clock (questions.deadlines). The rule and its article are kept with it.
    received_at = models.DateTimeField(_("recibida"), default=timezone.now)
    received_on = models.DateField(_("fecha legal de recibo"))
    term_starts_after = models.DateField(_("el término corre desde el día siguiente a"))
    term_days = models.PositiveSmallIntegerField(_("término (días hábiles)"))
    term_source = models.CharField(_("fundamento legal"), max_length=200)
    due_on = models.DateField(_("vence"))
    current_due_on = models.DateField(_("vence (con prórroga)"), db_index=True)
    extension_reason = models.TextField(_("motivo de la prórroga"), blank=True)
    extended_at = models.DateTimeField(_("prorrogada el"), null=True, blank=True)

    rejection_reason = models.TextField(_("motivo del rechazo"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("unida a"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    hearing_minute = models.CharField(
        _("minuto de la grabación"),
        max_length=8,
        blank=True,
        help_text=_("Por ejemplo 01:23:45."),
    )
    forwarded_to = models.CharField(_("remitida a"), max_length=200, blank=True)
    forward_due_on = models.DateField(_("plazo para remitir"), null=True, blank=True)
    answered_on = models.DateField(_("respondida el"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrada por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        ordering = ["-received_at"]
        indexes = [
            # An exercise's newest questions (the live page's list, polled during a
            # hearing) read in order from the index, not sorted from all of them.
            models.Index(
                fields=["exercise", "-received_at", "-id"], name="question_exercise_newest"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="question_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="question_merge_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def public_author(self) -> str:
        # The name its asker allowed us to publish, with whatever personal data they typed
        # into it hidden, like the question's text (a chat name "Ana 3001234567").
        if self.publish_name and self.asker_name:
            return mask_personal_data(self.asker_name)
        return str(_("Ciudadano(a)"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and deadlines.is_overdue(self.current_due_on, today)

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return deadlines.answered_on_time(self.current_due_on, self.answered_on)

    @property
    def term(self) -> deadlines.Term:
        return deadlines.Term(self.term_days, self.term_source)


class AnswerState(models.TextChoices):
    SUBMITTED = "submitted", _("En revisión de Planeación")
    RETURNED = "returned", _("Devuelta con comentarios")
    PUBLISHED = "published", _("Publicada")


class Answer(models.Model):
    """A written answer. Published answers are never edited: a correction is a new version."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    version = models.PositiveSmallIntegerField(_("versión"))
    body = models.TextField(_("respuesta"))
    state = models.CharField(_("estado"), max_length=10, choices=AnswerState)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_comment = models.TextField(_("comentarios de revisión"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)

    class Meta:
        verbose_name = _("respuesta")
        verbose_name_plural = _("respuestas")
        ordering = ["question", "version"]
        constraints = [
            models.UniqueConstraint(fields=["question", "version"], name="answer_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question.tracking_code} v{self.version}"


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def validate_attachment(uploaded) -> None:
    # Old migrations name this validator; AnswerForm now stores only files.clean_upload's.
    files.check_upload(uploaded, allowed=files.IMAGE_OR_PDF, max_bytes=ATTACHMENT_MAX_BYTES)


class AnswerAttachment(models.Model):
    """A document that backs an answer (a PDF or an image), checked by content."""

    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="attachments")
    # Private while the answer is a draft or in review; publishing the answer copies it to
    # `public_file` (questions.services.review_answer).
    file = models.FileField(
        _("archivo"),
        upload_to=files.GeneratedPath("questions/answers/%Y"),
        storage=files.private_storage,
    )
    original_name = models.CharField(_("nombre del archivo recibido"), max_length=200, blank=True)
    public_file = models.FileField(
        _("copia publicada"), upload_to=files.GeneratedPath("questions/answers/%Y"), blank=True
    )
    title = models.CharField(_("título"), max_length=200)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))

    class Meta:
        verbose_name = _("anexo de respuesta")
        verbose_name_plural = _("anexos de respuesta")

    def __str__(self) -> str:
        return self.title


class DigestLog(models.Model):
    """One row per department and day: the daily digest is sent once, however often the
    command runs. No department: the digest of unclassified questions, for triage."""

    entity = entity_key()
    department = models.ForeignKey(
        "entity.Department", on_delete=models.CASCADE, null=True, blank=True
    )
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "day"], name="digest_once_a_day"),
            # NULLs never collide in the constraint above. Each entity has its own triage.
            models.UniqueConstraint(
                fields=["entity", "day"],
                condition=Q(department__isnull=True),
                name="questions_digestlog_triage_day_per_entity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department or 'triage'} {self.day}"


class AnswersReportPdf(models.Model):
    """The answers report of an exercise as a PDF, rendered by the worker once per change of
    what it shows and served as a stored file: rendering takes seconds, and anyone may ask
    for it with any query string or cookie (rinde.questions.reporting)."""

    exercise = models.OneToOneField(
        "exercises.Exercise", on_delete=models.CASCADE, related_name="answers_report_pdf"
    )
    file = models.FileField(upload_to=files.GeneratedPath("questions/informes/%Y"), blank=True)
    # What the stored file shows (reporting.fingerprint), and what was last asked of the
    # worker: a change asks once, however many people request the PDF meanwhile.
    fingerprint = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    requested_fingerprint = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("PDF del informe de respuestas")
        verbose_name_plural = _("PDF de los informes de respuestas")

    def __str__(self) -> str:
        return f"{self.exercise_id} {self.fingerprint[:8]}"


class DenialGround(models.TextChoices):
    """Why access to information was denied (Ley 1712 de 2014, arts. 18 and 19): what the
    quarterly report gives as "why" (Decreto 103 de 2015, art. 52)."""

    PRIVACY = (
        "privacy",
        _("Información clasificada: intimidad de las personas (Ley 1712, art. 18 a)"),
    )
    SAFETY = (
        "safety",
        _("Información clasificada: vida, salud o seguridad de las personas (Ley 1712, art. 18 b)"),
    )
    SECRETS = (
        "secrets",
        _(
            "Información clasificada: secretos comerciales, industriales y profesionales "
            "(Ley 1712, art. 18 c)"
        ),
    )
    RESERVED = "reserved", _("Información reservada (Ley 1712, art. 19)")
    NOT_HELD = "not_held", _("La entidad no tiene la información (inexistencia)")
    OTHER = "other", _("Otra causal legal, explicada")


class AccessDenial(models.Model):
    """A request whose information was denied, in whole or in part, with its legal ground.
    A question rejected as spam or abuse (Status.REJECTED) is not a denial: it was never a
    request, and the quarterly report leaves it out."""

    entity = entity_key()
    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="denial", verbose_name=_("pregunta")
    )
    ground = models.CharField(_("causal"), max_length=20, choices=DenialGround)
    partial = models.BooleanField(_("negación parcial"), default=False)
    # Public: shown in the quarterly report (masked), so no personal data belongs here.
    explanation = models.TextField(_("motivo explicado"), blank=True)
    recorded_at = models.DateTimeField(_("registrada"), auto_now_add=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("negación de acceso a la información")
        verbose_name_plural = _("negaciones de acceso a la información")

    def __str__(self) -> str:
        return f"{self.question_id} {self.ground}"


class QuarterlyReport(models.Model):
    """The quarterly requests report of a closed quarter as it was published: the figures
    and the rows are kept, so a late triage or a merge never changes a report already out
    (questions.quarterly)."""

    entity = entity_key()
    year = models.PositiveSmallIntegerField(_("año"))
    quarter = models.PositiveSmallIntegerField(_("trimestre"))
    data = models.JSONField(_("datos"))
    archived_at = models.DateTimeField(_("archivado"), default=timezone.now)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("informe trimestral archivado")
        verbose_name_plural = _("informes trimestrales archivados")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "year", "quarter"],
                name="questions_quarterlyreport_quarter_per_entity",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-T{self.quarter}"


class QuarterlyReportPdf(models.Model):
    """A quarter's report as a PDF, rendered by the worker once per change of its data (the
    current quarter's) or once for good (an archived one), and served as stored: rendering
    takes seconds (questions.quarterly, as reporting does for the answers report)."""

    entity = entity_key()
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    content = models.BinaryField(null=True, blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    requested_fingerprint = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("PDF del informe trimestral")
        verbose_name_plural = _("PDF de los informes trimestrales")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "year", "quarter"],
                name="questions_quarterlyreportpdf_quarter_per_entity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}-T{self.quarter} {self.fingerprint[:8]}"


class EmailKind(models.TextChoices):
    MERGED = "merged", _("unida con otra pregunta")
    ANSWERED = "answered", _("respuesta publicada")
    FORWARDED = "forwarded", _("remitida a otra autoridad")
    EXTENDED = "extended", _("plazo prorrogado")


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("en cola")
    SENT = "sent", _("correo enviado")
    RETRYING = "retrying", _("falló, se reintentará")
    FAILED = "failed", _("falló; no se reintentará")


class QuestionEmail(models.Model):
    """One e-mail a staff action owes the asker, written in the action's transaction and
    sent by the worker (tasks.send_question_email): a mail server down never turns a
    saved change into an error page, and staff see on the question whether it went."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(_("correo"), max_length=12, choices=EmailKind)
    # The published answer an "answered" e-mail carries (the asker of a merged duplicate
    # gets the answer of the question it was merged into).
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True)
    status = models.CharField(
        _("estado del correo"), max_length=10, choices=EmailStatus, default=EmailStatus.QUEUED
    )
    failures = models.PositiveSmallIntegerField(default=0)
    # The last failure's reason (core.mail_retry.describe: no address in it).
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.question_id} {self.kind} {self.status}"
