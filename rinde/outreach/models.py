from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rinde.core import files
from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class Channel(models.Model):
    """A dissemination channel (medio de difusión), editable; each entity has its own list
    (defaults.py gives a new entity the seed strategy's)."""

    entity = entity_key()
    name = models.CharField(_("canal"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("canal de difusión")
        verbose_name_plural = _("canales de difusión")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"], name="outreach_channel_name_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Audience(models.Model):
    """A target audience (público objetivo), editable; each entity has its own list."""

    entity = entity_key()
    name = models.CharField(_("público"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("público objetivo")
        verbose_name_plural = _("públicos objetivo")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"], name="outreach_audience_name_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PieceStatus(models.TextChoices):
    PLANNED = "planned", _("Planeada")
    IN_PRODUCTION = "production", _("En producción")
    PUBLISHED = "published", _("Publicada")
    WITHDRAWN = "withdrawn", _("Retirada")


class Piece(models.Model):
    """A communication piece (pieza): 500 volantes, a radio spot, a banner on a street."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="pieces"
    )
    title = models.CharField(_("título"), max_length=200)
    channel = models.ForeignKey(
        Channel, verbose_name=_("canal"), on_delete=models.PROTECT, related_name="pieces"
    )
    audiences = models.ManyToManyField(Audience, verbose_name=_("públicos"), related_name="pieces")
    starts_on = models.DateField(_("desde"))
    ends_on = models.DateField(_("hasta"))
    quantity = models.PositiveIntegerField(_("cantidad"), null=True, blank=True)
    places = models.CharField(_("lugares"), max_length=300, blank=True)
    status = models.CharField(
        _("estado"), max_length=12, choices=PieceStatus, default=PieceStatus.PLANNED
    )
    planned_reach = models.PositiveIntegerField(_("alcance planeado"), null=True, blank=True)
    achieved_reach = models.PositiveIntegerField(_("alcance logrado"), null=True, blank=True)
    cost = models.DecimalField(
        _("costo (COP)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    design = files.CleanedFileField(
        _("diseño (imagen)"),
        upload_to=files.GeneratedPath("outreach/pieces"),
        blank=True,
        allowed=files.IMAGE_TYPES,
        max_bytes=files.IMAGE_MAX_BYTES,
    )
    responsible = models.CharField(_("responsable"), max_length=150, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("pieza de comunicación")
        verbose_name_plural = _("piezas de comunicación")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="piece_dates_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Episode(models.Model):
    """The weekly TV programme on accountability: one row per broadcast."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="episodes"
    )
    aired_on = models.DateField(_("fecha de emisión"))
    tv_channel = models.CharField(_("canal de televisión"), max_length=100)
    topics = models.CharField(_("temas"), max_length=300)
    video_url = models.URLField(_("enlace al video"), blank=True)
    has_captions = models.BooleanField(_("tiene subtítulos"), default=False)

    class Meta:
        ordering = ["-aired_on"]
        verbose_name = _("emisión del programa de televisión")
        verbose_name_plural = _("emisiones del programa de televisión")

    def __str__(self) -> str:
        return f"{self.aired_on} {self.topics[:40]}"


class Bulletin(models.Model):
    """A press bulletin: published on the portal and its feed, sent to the media. Its
    exercise is optional, so it carries the entity key itself."""

    entity = entity_key()
    exercise = models.ForeignKey(
        "exercises.Exercise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    title = models.CharField(_("título"), max_length=200)
    # /boletines/<slug>/: unique within the entity (constraint below).
    slug = models.SlugField(_("dirección"), max_length=120)
    lead = models.CharField(_("entradilla"), max_length=400)
    body = models.TextField(_("texto"))
    image = files.CleanedFileField(
        _("imagen"),
        upload_to=files.GeneratedPath("outreach/bulletins"),
        blank=True,
        allowed=files.IMAGE_TYPES,
        max_bytes=files.IMAGE_MAX_BYTES,
    )
    image_alt = models.CharField(_("texto alternativo de la imagen"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("publicado"), null=True, blank=True)
    # The lists it was sent to, kept to show afterwards who it was meant for.
    lists = models.ManyToManyField(
        "MediaList", verbose_name=_("listas de medios"), related_name="bulletins", blank=True
    )
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("boletín de prensa")
        verbose_name_plural = _("boletines de prensa")
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="bulletin_image_has_alt"
            ),
            models.UniqueConstraint(
                fields=["entity", "slug"], name="outreach_bulletin_slug_per_entity"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Scope(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("Nacional")


class Medium(models.TextChoices):
    RADIO = "radio", _("Radio")
    TV = "tv", _("Televisión")
    PRINT = "print", _("Prensa escrita")
    DIGITAL = "digital", _("Digital")


class MediaContact(models.Model):
    """A newsroom in the media directory (each entity keeps its own). Its e-mail never
    reaches a public page."""

    entity = entity_key()
    outlet = models.CharField(_("medio"), max_length=200)
    scope = models.CharField(_("alcance"), max_length=10, choices=Scope)
    medium = models.CharField(_("tipo de medio"), max_length=10, choices=Medium)
    # Once per entity's directory (constraint below).
    email = models.EmailField(_("correo"))
    opted_out_at = models.DateTimeField(_("se dio de baja"), null=True, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["outlet"]
        verbose_name = _("contacto de medio")
        verbose_name_plural = _("directorio de medios")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "email"], name="outreach_mediacontact_email_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.outlet


class MediaList(models.Model):
    """A named list of media contacts («Medios locales»): a bulletin is sent to lists."""

    entity = entity_key()
    name = models.CharField(_("nombre"), max_length=150)
    description = models.CharField(_("descripción"), max_length=300, blank=True)
    contacts = models.ManyToManyField(
        MediaContact, verbose_name=_("medios"), related_name="lists", blank=True
    )
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("lista de medios")
        verbose_name_plural = _("listas de medios")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"], name="outreach_medialist_name_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("En cola")
    SENDING = "sending", _("Enviando")
    SENT = "sent", _("Enviado")
    FAILED = "failed", _("Falló")
    # The worker died, or the server went silent, while the message itself was being
    # handed over: it may have arrived. Never sent again automatically (bulletins.py).
    UNCONFIRMED = "unconfirmed", _("Sin confirmar")


class Delivery(models.Model):
    """One bulletin to one contact. The unique pair is what makes a send happen once."""

    # A hot table: it carries the key itself (docs/tenancy.md, step 2), set from the
    # bulletin when a send is queued (bulletins.queue_sending).
    entity = entity_key()
    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="deliveries")
    contact = models.ForeignKey(MediaContact, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=12, choices=DeliveryStatus, default=DeliveryStatus.QUEUED)
    # The last failure's reason; with status queued, the next attempt waits until
    # next_attempt_at (core.mail_retry.BACKOFF).
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The task run (its result id) that marked it sending: a run of the same task after
    # its worker died knows which of its deliveries were left in the air.
    claimed_by = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "contact"], name="deliver_once")]
        # A worker claims the next queued row of a bulletin: without this, each claim scans
        # every row already sent, and a 5,000-contact send slows down as it goes.
        indexes = [models.Index(fields=["bulletin", "status", "id"], name="delivery_claim_order")]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.contact_id} {self.status}"


class DeliverableKind(models.TextChoices):
    PHOTO = "photo", _("Foto")
    VIDEO = "video", _("Video")
    DESIGN = "design", _("Diseño")


class DeliverableQuerySet(models.QuerySet):
    def in_archive_order(self):
        """Photos, then videos, then designs (the order of DeliverableKind), newest first."""
        rank = models.Case(
            *(models.When(kind=kind, then=i) for i, kind in enumerate(DeliverableKind.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "-created_at", "-pk")

    def for_public_archive(self, exercise, kind: str | None = None):
        items = self.filter(exercise=exercise)
        if kind:
            items = items.filter(kind=kind)
        return items.in_archive_order()


class Deliverable(models.Model):
    """One item of an exercise's deliverables archive (photos, videos, designs) for the
    final report. Photos need alt text and a credit; videos a link; photos and designs a
    file (checked by content in the form)."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="deliverables"
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=DeliverableKind)
    title = models.CharField(_("título"), max_length=200)
    # Checked, cleaned and named by DeliverableForm (a photo takes images; a design, a PDF too).
    file = models.FileField(
        _("archivo"), upload_to=files.GeneratedPath("outreach/archive"), blank=True
    )
    original_name = models.CharField(_("nombre del archivo recibido"), max_length=200, blank=True)
    alt_text = models.CharField(_("texto alternativo"), max_length=300, blank=True)
    credit = models.CharField(_("crédito"), max_length=200, blank=True)
    video_url = models.URLField(_("enlace al video"), blank=True)
    has_captions = models.BooleanField(_("tiene subtítulos"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("entregable")
        verbose_name_plural = _("archivo de entregables")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="photo") | (~Q(file="") & ~Q(alt_text="") & ~Q(credit="")),
                name="deliverable_photo_has_file_alt_and_credit",
            ),
            models.CheckConstraint(
                condition=~Q(kind="video") | ~Q(video_url=""), name="deliverable_video_has_link"
            ),
            models.CheckConstraint(
                condition=~Q(kind="design") | ~Q(file=""), name="deliverable_design_has_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("En cola")
    BUILDING = "building", _("Preparándose")
    READY = "ready", _("Listo")
    FAILED = "failed", _("Falló")


class ArchiveExport(models.Model):
    """A zip of an exercise's archive for the final report, built in the background."""

    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="archive_exports"
    )
    status = models.CharField(max_length=10, choices=ExportStatus, default=ExportStatus.QUEUED)
    # Staff only: handed out by archive_views.staff_archive_zip_download.
    file = models.FileField(
        upload_to=files.GeneratedPath("outreach/archive-zips"),
        storage=files.private_storage,
        blank=True,
    )
    items = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.exercise_id} zip {self.status}"
