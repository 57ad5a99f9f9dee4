"""A person's requests about their own data (Ley 1581 de 2012, arts. 14 and 15) and the
single-use links that let them see it without an account."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class RequestKind(models.TextChoices):
    # Art. 14: a consulta is answered within 10 business days; art. 15: a reclamo (to
    # correct, update or delete data, or to revoke the authorization) within 15.
    CONSULTATION = "consultation", _("Consulta")
    CORRECTION = "correction", _("Corrección de datos de contacto")
    REVOCATION = "revocation", _("Revocación de la autorización")
    DELETION = "deletion", _("Supresión de datos")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Recibida")
    ANSWERED = "answered", _("Respondida")


class HolderRequest(models.Model):
    """One request of a data holder, with its legal term (holders.terms)."""

    entity = entity_key()
    # Unique site-wide, not per entity: the code in the holder's e-mail finds one request.
    tracking_code = models.CharField(_("código de seguimiento"), max_length=16, unique=True)
    kind = models.CharField(_("tipo"), max_length=20, choices=RequestKind)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=RequestStatus,
        default=RequestStatus.RECEIVED,
        db_index=True,
    )
    # The address the holder proved they read (a link sent to it, or their account's).
    email = models.EmailField(_("correo del titular"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cuenta"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    details = models.TextField(_("detalle de la solicitud"), max_length=3000, blank=True)
    new_email = models.EmailField(_("correo nuevo"), blank=True)
    new_phone = models.CharField(_("teléfono nuevo"), max_length=30, blank=True)

    received_at = models.DateTimeField(_("recibida"), default=timezone.now)
    received_on = models.DateField(_("fecha legal de recibo"))
    term_days = models.PositiveSmallIntegerField(_("término (días hábiles)"))
    term_source = models.CharField(_("fundamento legal"), max_length=200)
    due_on = models.DateField(_("vence"), db_index=True)
    # Art. 14 and 15 allow one extension, told to the holder before the term ends, with its
    # reasons: five more business days for a consulta, eight for a reclamo (holders.terms).
    extension_reason = models.TextField(_("motivo de la prórroga"), blank=True)
    extended_at = models.DateTimeField(_("prorrogada el"), null=True, blank=True)

    answer = models.TextField(_("respuesta"), blank=True)
    applied = models.BooleanField(_("cambios aplicados"), default=False)
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondida por"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("solicitud del titular")
        verbose_name_plural = _("solicitudes de titulares")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.RECEIVED

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


class AccessLink(models.Model):
    """A link sent to an address so its reader can see the data tied to it: signed, valid
    for holders.access.MAX_AGE, spent once. The address is kept only until the link
    expires (holders.retention)."""

    entity = entity_key()
    nonce = models.CharField(max_length=32, primary_key=True)
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return self.nonce
