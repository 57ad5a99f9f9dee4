from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # anything (the admin site itself also demands the second factor: core.admin_site).
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and self.role == Role.ADMIN

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and self.role == Role.ADMIN
