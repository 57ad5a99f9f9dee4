from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class Setting(models.TextChoices):
    LINK = "link", _("La entidad lo publica en otro sitio (enlace)")
    NOT_APPLICABLE = "not_applicable", _("No aplica a la entidad (con su razón legal)")


class ItemSetting(models.Model):
    """What the administrator says of one item of the Transparencia menu (items.MENU): where
    the entity publishes it when Rinde does not, or that it does not apply and why. For an
    item Rinde feeds, a link is shown beside Rinde's pages."""

    entity = entity_key()
    number = models.CharField(_("ítem"), max_length=8)
    setting = models.CharField(_("situación"), max_length=20, choices=Setting)
    url = models.URLField(_("enlace"), blank=True)
    label = models.CharField(_("texto del enlace"), max_length=200, blank=True)
    reason = models.TextField(_("razón legal por la que no aplica"), blank=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actualizado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ítem del menú Transparencia")
        verbose_name_plural = _("ítems del menú Transparencia")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "number"], name="transparency_itemsetting_number_per_entity"
            ),
            models.CheckConstraint(
                condition=~Q(setting="link") | ~Q(url=""), name="transparency_link_has_url"
            ),
            models.CheckConstraint(
                condition=~Q(setting="not_applicable") | ~Q(reason=""),
                name="transparency_not_applicable_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.setting}"
