from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class Role(models.TextChoices):
    """Who a person is on the platform. What each role may do lives in accounts.permissions."""

    ADMIN = "admin", _("Administrador")
    ICT = "ict", _("TIC")
    COMMUNICATIONS = "communications", _("Comunicaciones")
    PLANNING = "planning", _("Planeación")
    OFFICER = "officer", _("Enlace de dependencia")
    OVERSIGHT = "oversight", _("Veeduría")
    CITIZEN = "citizen", _("Ciudadano")


class User(AbstractUser):
    role = models.CharField(_("rol"), max_length=20, choices=Role, default=Role.CITIZEN)
    # A department officer acts only for these departments; other roles ignore them.
    departments = models.ManyToManyField(
        "entity.Department", verbose_name=_("dependencias"), blank=True, related_name="officers"
    )
    position = models.CharField(_("cargo"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    @property
    def is_staff_member(self) -> bool:
        return self.role != Role.CITIZEN

    # Django admin asks these; an active administrator may do everything there, nobody else
    # anything (the admin site itself also demands the second factor: accounts.admin_site).
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and self.role == Role.ADMIN

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and self.role == Role.ADMIN


class Invitation(models.Model):
    """A staff account offered by e-mail: the role and departments are chosen by the
    administrator; the person picks their username and password and enrols their second
    factor (accounts.invitations). The link is signed with the secret key over the id and
    this nonce: reading the database is not enough to forge one, and a new nonce (sending
    the invitation again) voids the old link."""

    entity = entity_key()
    email = models.EmailField(_("correo"))
    role = models.CharField(
        _("rol"), max_length=20, choices=[c for c in Role.choices if c[0] != Role.CITIZEN]
    )
    departments = models.ManyToManyField(
        "entity.Department", verbose_name=_("dependencias"), blank=True, related_name="+"
    )
    position = models.CharField(_("cargo"), max_length=200, blank=True)
    nonce = models.CharField(max_length=64, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("vence"))
    accepted_at = models.DateTimeField(_("aceptada"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("anulada"), null=True, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class TodoDigest(models.Model):
    """One row per person and day: the daily to-do e-mail (accounts.todo_digest) goes out
    once, however often the command runs."""

    entity = entity_key()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resumen diario de pendientes")
        verbose_name_plural = _("resúmenes diarios de pendientes")
        constraints = [
            # Once a day per person and entity: each entity's list is its own.
            models.UniqueConstraint(
                fields=["entity", "user", "day"], name="accounts_tododigest_day_per_entity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
