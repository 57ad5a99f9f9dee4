from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rinde.core.models import TimeWindow
from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class AgeRange(models.TextChoices):
    UNDER_18 = "menor_18", _("Menos de 18 años")
    FROM_18 = "18_28", _("18 a 28 años")
    FROM_29 = "29_59", _("29 a 59 años")
    FROM_60 = "60_mas", _("60 años o más")


class ParticipantKind(models.TextChoices):
    CITIZEN = "ciudadano", _("Ciudadano(a)")
    ORGANIZATION = "organizacion", _("Organización social")
    OVERSIGHT = "veeduria", _("Veeduría")
    PUBLIC_SERVANT = "servidor", _("Servidor(a) público(a)")
    MEDIA = "medio", _("Medio de comunicación")


class PopulationGroup(models.TextChoices):
    """Sensitive data (Ley 1581 art. 5): optional, separately authorized, shown only in aggregate."""

    INDIGENOUS = "indigena", _("Pueblo indígena")
    AFRO = "afro", _("Afrodescendiente, negro, raizal o palenquero")
    DISABILITY = "discapacidad", _("Persona con discapacidad")
    VICTIM = "victima", _("Víctima del conflicto armado")
    LGBTIQ = "lgbtiq", _("Población LGBTIQ+")
    NONE = "ninguno", _("Ninguno de los anteriores")


class Survey(TimeWindow):
    """The topic survey: which topics citizens want the accountability report to cover."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="surveys"
    )
    question = models.CharField(_("pregunta"), max_length=300)
    multiple = models.BooleanField(_("permite varias opciones"), default=True)
    max_choices = models.PositiveSmallIntegerField(
        _("máximo de opciones"), default=3, validators=[MinValueValidator(1)]
    )
    allow_other = models.BooleanField(_("permite «otro tema»"), default=True)
    ask_profile = models.BooleanField(
        _("pregunta el perfil (opcional para quien responde)"), default=True
    )
    # A browser can lose its cookie; an address is shared by a whole library or carrier.
    # When the entity needs a firmer count, each answer counts only once confirmed from an
    # e-mail link, one per address (docs/antispam.md).
    requires_verified_email = models.BooleanField(
        _("cuenta una respuesta por correo confirmado"),
        default=False,
        help_text=_(
            "Quien responde escribe su correo y confirma desde el enlace que le enviamos; "
            "solo cuentan las respuestas confirmadas, una por correo."
        ),
    )
    embed_hosts = models.CharField(
        _("sitios que pueden insertar la encuesta"),
        max_length=500,
        blank=True,
        help_text=_("Direcciones separadas por comas, p. ej. https://www.entidad.gov.co"),
    )

    class Meta:
        verbose_name = _("encuesta de temas")
        verbose_name_plural = _("encuestas de temas")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_window_order"
            )
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def frame_hosts(self) -> list[str]:
        return [h.strip() for h in self.embed_hosts.split(",") if h.strip().startswith("https://")]


class SurveyOption(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("orden"))
    label = models.CharField(_("tema"), max_length=200)
    line = models.ForeignKey(
        "plan.StrategicLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["survey", "order"]

    def __str__(self) -> str:
        return self.label


class SurveyResponseQuerySet(EntityScopedQuerySet):
    def counted(self):
        """The answers in the results: all of them, except those waiting for their e-mail
        confirmation (a survey that asks for one)."""
        return self.filter(confirmed_at__isnull=False)


class SurveyResponse(models.Model):
    entity = entity_key()
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    options = models.ManyToManyField(SurveyOption, related_name="responses")
    other_text = models.CharField(_("otro tema"), max_length=300, blank=True)
    age_range = models.CharField(max_length=10, choices=AgeRange, blank=True)
    territory = models.ForeignKey(
        "plan.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    participant_kind = models.CharField(max_length=15, choices=ParticipantKind, blank=True)
    population_group = models.CharField(max_length=15, choices=PopulationGroup, blank=True)
    sensitive_authorized_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the answer started to count: at once, or from its e-mail link when the survey
    # asks for one. The address is kept only until then (to send the link); what stays is
    # a keyed digest of it, enough to count one answer per address and useless to write to.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    email = models.EmailField(blank=True)
    email_digest = models.CharField(max_length=64, blank=True)
    email_authorized_at = models.DateTimeField(null=True, blank=True)
    email_authorization_version = models.CharField(max_length=40, blank=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="survey_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["survey", "email_digest"],
                condition=Q(confirmed_at__isnull=False) & ~Q(email_digest=""),
                name="survey_once_per_email",
            ),
            models.CheckConstraint(
                condition=Q(population_group="") | Q(sensitive_authorized_at__isnull=False),
                name="population_group_needs_authorization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"


class Forum(TimeWindow):
    """An open question on the management report; comments, replies and moderation."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="forums"
    )
    question = models.CharField(_("pregunta abierta"), max_length=300)
    intro = models.TextField(_("presentación"), blank=True)
    summary = models.TextField(_("resumen de resultados"), blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("foro")
        verbose_name_plural = _("foros")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="forum_window_order"
            )
        ]

    def __str__(self) -> str:
        return self.question


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Oculto por moderación")
    AUTO_HIDDEN = "auto_hidden", _("Oculto por reportes, en revisión")


class Comment(models.Model):
    entity = entity_key()
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    author_name = models.CharField(_("nombre"), max_length=100, blank=True)
    # Personal data, never public: only to tell the author about moderation.
    author_email = models.EmailField(blank=True)
    data_authorized_at = models.DateTimeField(null=True, blank=True)
    author_key = models.CharField(max_length=64, db_index=True)  # hashed address, for blocking
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comentario"), max_length=3000)
    status = models.CharField(max_length=12, choices=CommentStatus, default=CommentStatus.VISIBLE)
    moderation_reason = models.CharField(_("motivo de moderación"), max_length=300, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["forum", "parent", "created_at"])]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.VISIBLE

    @property
    def display_name(self) -> str:
        if self.official_id:
            return self.author_name or str(_("Funcionario(a)"))
        return self.author_name or str(_("Anónimo"))


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam o publicidad")
    OFFENSIVE = "offensive", _("Ofensivo")
    OFF_TOPIC = "off_topic", _("Fuera de tema")


class Flag(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=12, choices=FlagReason)
    reporter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="flag_once_per_reporter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id} {self.reason}"


class BlockedAuthor(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="blocked")
    author_key = models.CharField(max_length=64)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["forum", "author_key"], name="block_once")]

    def __str__(self) -> str:
        return self.reason
