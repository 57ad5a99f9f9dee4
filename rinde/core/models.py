from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("actor", "target_type").order_by("-created_at", "-pk")


class AuditEntry(models.Model):
    """Who did what to which object, when and from where. Written only by core.audit.record."""

    # Set by audit.record before hashing (not auto_now_add, which would change it on save).
    created_at = models.DateTimeField(_("fecha"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    # Kept as text too, so the trail still reads right after a user is renamed or removed.
    actor_label = models.CharField(_("usuario (texto)"), max_length=200, blank=True)
    action = models.CharField(_("acción"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("tipo de objeto"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    target_id = models.CharField(_("id del objeto"), max_length=64, blank=True)
    target_label = models.CharField(_("objeto"), max_length=300, blank=True)
    changes = models.JSONField(_("cambios"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    # The entity whose work this was (docs/tenancy.md, "The audit log"): its staff's list
    # shows its own entries. A plain id, not a key: core names no app above it. Outside
    # the hash chain, which is the installation's and covers the fields it always did.
    entity_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    # Tamper evidence (core.audit_chain): SHA-256 over this entry's fields and the previous
    # entry's hash, so editing or deleting any entry breaks every hash after it.
    previous_hash = models.CharField(_("hash anterior"), max_length=64, blank=True)
    entry_hash = models.CharField(_("hash"), max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("registro de auditoría")
        verbose_name_plural = _("registros de auditoría")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"
        )


class AuditChainHead(models.Model):
    """The one row (pk=1) holding the last entry's hash. audit.record locks it, so two
    transactions writing entries at once chain one after the other instead of forking."""

    last_hash = models.CharField(max_length=64, blank=True)
    last_entry_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("cabeza de la cadena de auditoría")

    def __str__(self) -> str:
        return self.last_hash


class TimeWindow(models.Model):
    """Something citizens can answer only between two moments: a survey, a forum, a form."""

    opens_at = models.DateTimeField(_("abre"))
    closes_at = models.DateTimeField(_("cierra"))

    class Meta:
        abstract = True

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class SpentFormToken(models.Model):
    """A public form's start token once a submission used it (core.antispam): the primary
    key on its nonce refuses the same token twice, in the submission's own transaction, so
    a submission that fails leaves its token unspent. Rows whose form was shown longer ago
    than a token lives are purged by `housekeeping`: those tokens are refused as expired."""

    nonce = models.CharField(max_length=24, primary_key=True)
    started_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("token de formulario usado")
        verbose_name_plural = _("tokens de formulario usados")

    def __str__(self) -> str:
        return self.nonce


class WorkerHeartbeat(models.Model):
    """A background worker's last sign of life, written every few seconds by a thread of
    `manage.py db_worker` (core.heartbeat). django-tasks-db's worker records nothing while
    idle (only `started_at` of the tasks it claims), so without this a worker that died on an
    empty queue looks the same as a quiet one. /health/ready/ and the metrics read it."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("latido de un proceso de tareas")
        verbose_name_plural = _("latidos de los procesos de tareas")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
