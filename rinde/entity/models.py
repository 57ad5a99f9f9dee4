import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rinde.core import files
from rinde.entity import scoping
from rinde.entity.scoped import EntityScopedQuerySet

ENTITY_CACHE_KEY = "entity:current"
hex_colour = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Use un color como #004884."))
nit_format = RegexValidator(
    r"^[0-9]{6,10}-[0-9]$", _("Escriba el NIT con su dígito de verificación, así: 890980093-8.")
)


class EntityKind(models.TextChoices):
    ALCALDIA = "alcaldia", _("Alcaldía")
    GOBERNACION = "gobernacion", _("Gobernación")
    NATIONAL = "nacional", _("Entidad del orden nacional")
    DECENTRALIZED = "descentralizada", _("Entidad descentralizada")
    OTHER = "otra", _("Otra entidad pública")


class EntityQuerySet(models.QuerySet):
    def current(self) -> "Entity":
        """The entity of the work under way (scoping.active(): the request's, resolved by
        EntityMiddleware); with none active, the entity this installation serves, cached,
        or an unsaved placeholder before set-up."""
        active = scoping.active()
        if active is not None:
            return active
        entity = cache.get(ENTITY_CACHE_KEY)
        if entity is None:
            entity = self.order_by("pk").first() or Entity(name=str(_("Entidad sin configurar")))
            if entity.pk:
                remember_current(entity)
        return entity


def entity_of_new_row() -> int | None:
    """The default of every model's `entity` key (docs/tenancy.md, step 2): the entity of
    the work under way (the request's, or the one a task or command activated), else the
    entity this installation serves. None before any entity exists, so the row is refused
    by the database (NOT NULL) rather than filed under a wrong entity."""
    return Entity.objects.current().pk


def entity_key() -> models.ForeignKey:
    """The `entity` field of every model whose rows belong to one entity and reach it
    through no required key (docs/tenancy.md, steps 2-3): NOT NULL, kept out of forms and
    admin (services set it from the parent they know), and by default the entity of the
    work under way (entity_of_new_row)."""
    return models.ForeignKey(
        "entity.Entity",
        on_delete=models.PROTECT,
        related_name="+",
        default=entity_of_new_row,
        verbose_name=_("entidad"),
        editable=False,
    )


def remember_current(entity: "Entity") -> None:
    """Caches `entity` as what current() returns with no entity active: the first one."""
    cache.set(ENTITY_CACHE_KEY, entity, 300)


class Entity(models.Model):
    """The public entity that runs its accountability process on this installation."""

    name = models.CharField(_("nombre"), max_length=200)
    short_name = models.CharField(_("nombre corto"), max_length=80, blank=True)
    # The entity's address on the host's own name, /e/<slug>/ (docs/tenancy.md); given
    # from the short name or the name when the entity is created (slugs.free_slug).
    slug = models.SlugField(_("identificador en la dirección"), max_length=80, unique=True)
    # Off: the public pages answer 503 (middleware.EntityMiddleware); the row and its data
    # stay.
    is_active = models.BooleanField(_("activa"), default=True)
    kind = models.CharField(
        _("tipo"), max_length=20, choices=EntityKind, default=EntityKind.ALCALDIA
    )
    municipality = models.CharField(_("municipio"), max_length=100, blank=True)
    departamento = models.CharField(_("departamento"), max_length=100, blank=True)
    nit = models.CharField(_("NIT"), max_length=14, blank=True, validators=[nit_format])
    logo = files.CleanedFileField(
        _("logo"),
        upload_to=files.GeneratedPath("entity"),
        blank=True,
        allowed=files.IMAGE_TYPES,
        max_bytes=files.IMAGE_MAX_BYTES,
        help_text=_("PNG, JPEG o WebP de hasta 1 MB."),
    )
    primary_colour = models.CharField(
        _("color principal"), max_length=7, default="#004884", validators=[hex_colour]
    )
    secondary_colour = models.CharField(
        _("color secundario"), max_length=7, default="#3366CC", validators=[hex_colour]
    )
    address = models.CharField(_("dirección"), max_length=300, blank=True)
    opening_hours = models.CharField(_("horario de atención"), max_length=300, blank=True)
    phones = models.CharField(_("teléfonos"), max_length=200, blank=True)
    email = models.EmailField(_("correo de contacto"), blank=True)
    judicial_email = models.EmailField(_("correo de notificaciones judiciales"), blank=True)
    website = models.URLField(_("sitio web"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    # Ley 1755 / Consejo de Estado exp. 27219 de 2024: filings after this hour count as
    # received on the next business day. Off (empty) by default.
    office_hours_cutoff = models.TimeField(
        _("hora de cierre para radicación"),
        null=True,
        blank=True,
        help_text=_("Vacío: todo lo recibido en un día hábil cuenta ese día."),
    )
    working_weekdays = models.CharField(
        _("días laborales"),
        max_length=13,
        default="0,1,2,3,4",
        validators=[
            RegexValidator(
                r"^[0-6](,[0-6])*$", _("Días de 0 (lunes) a 6 (domingo), separados por comas.")
            )
        ],
        help_text=_(
            "0 = lunes … 6 = domingo, separados por comas. Por omisión, de lunes a viernes."
        ),
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entidad")
        verbose_name_plural = _("entidad")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def working_weekday_set(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.working_weekdays.split(",") if d != "")

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


def _check_host(value: str) -> None:
    if not HOST_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Escriba solo el nombre del servidor, sin puerto ni ruta: rinde.itagui.gov.co.")
        )


# A DNS name without port or trailing dot: what request.get_host() gives once the port is
# cut off. Any case here; Domain.save() stores it lower-case, as the middleware looks it up.
HOST_PATTERN = re.compile(
    r"(?=.{1,253}\Z)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
    re.IGNORECASE,
)


class Domain(models.Model):
    """A host name that serves one entity: its own domain or a sub-domain of the host's."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="domains", verbose_name=_("entidad")
    )
    host = models.CharField(
        _("nombre del servidor"),
        max_length=253,
        unique=True,
        validators=[_check_host],
        # Once one Domain exists, a host without one answers 404 (middleware): whoever adds
        # the first must not lock themselves out of the address they are using.
        help_text=_(
            "Con el primer dominio guardado, el portal deja de responder en cualquier otra "
            "dirección: registre también la dirección por la que entra ahora."
        ),
    )
    # The host its e-mails and links name when the entity has several (docs/tenancy.md).
    is_primary = models.BooleanField(_("principal"), default=False)

    class Meta:
        verbose_name = _("dominio")
        verbose_name_plural = _("dominios")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host

    def save(self, *args, **kwargs) -> None:
        # The middleware looks hosts up lower-case: a row saved otherwise would never match.
        self.host = self.host.strip().lower()
        super().save(*args, **kwargs)


class DepartmentKind(models.TextChoices):
    SECRETARIA = "secretaria", _("Secretaría")
    ADMINISTRATIVE_DEPARTMENT = "departamento", _("Departamento administrativo")
    DIRECTORATE = "direccion", _("Dirección")
    OFFICE = "oficina", _("Oficina")
    OTHER = "otra", _("Otra dependencia")


class DepartmentQuerySet(EntityScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Department(models.Model):
    """A dependencia: secretaría, departamento administrativo, dirección or oficina."""

    entity = entity_key()
    # Unique within the entity (Meta.constraints); forms.DepartmentForm and
    # services.add_departments check it, since the form does not carry the entity.
    name = models.CharField(_("nombre"), max_length=200)
    code = models.SlugField(_("código"), max_length=40)
    kind = models.CharField(
        _("tipo"), max_length=20, choices=DepartmentKind, default=DepartmentKind.SECRETARIA
    )
    head_name = models.CharField(_("nombre del jefe"), max_length=200, blank=True)
    head_title = models.CharField(_("cargo del jefe"), max_length=200, blank=True)
    email = models.EmailField(_("correo"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=100, blank=True)
    is_active = models.BooleanField(_("activa"), default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"], name="entity_department_name_per_entity"
            ),
            models.UniqueConstraint(
                fields=["entity", "code"], name="entity_department_code_per_entity"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NonWorkingDay(models.Model):
    """A day the entity decrees non-working (e.g. 24 and 31 December): no term runs on it."""

    entity = entity_key()
    # Unique within the entity (Meta.constraints; forms.NonWorkingDayForm checks it).
    date = models.DateField(_("fecha"))
    reason = models.CharField(_("motivo"), max_length=200)
    act = models.CharField(_("acto que lo decreta"), max_length=200, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("día no hábil de la entidad")
        verbose_name_plural = _("días no hábiles de la entidad")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "date"], name="entity_nonworkingday_date_per_entity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"
