from django.db import models
from django.utils.translation import gettext_lazy as _

from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet


class Kind(models.TextChoices):
    PROJECT = "project", _("Proyecto del plan")
    GOAL = "goal", _("Meta del plan")
    DOCUMENT = "document", _("Documento")
    QUESTION = "question", _("Pregunta y respuesta")
    BULLETIN = "bulletin", _("Boletín")
    FORUM = "forum", _("Foro")
    IMPROVEMENT = "improvement", _("Acción de mejora")


class SearchEntry(models.Model):
    """One public item as the site search sees it: only text the public already sees, the
    citizens' part masked (core.privacy). Kept current by search.indexing; the full-text
    index beside it lives outside the ORM (a generated tsvector column with a GIN index on
    PostgreSQL, an FTS5 table on SQLite: migration 0002)."""

    # Which entity the row belongs to (docs/tenancy.md, row-level tenancy): its source
    # object's (search.indexing).
    entity = entity_key()
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    exercise = models.ForeignKey(
        "exercises.Exercise", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("título"), max_length=300)
    body = models.TextField(_("texto"), blank=True)
    url = models.CharField(max_length=300)
    # A bulletin scheduled for later is indexed now and found from its publication time.
    visible_from = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        db_table = "search_entry"
        verbose_name = _("entrada del buscador")
        verbose_name_plural = _("entradas del buscador")
        constraints = [
            # Site-wide, not per entity: an object's id is unique in its table, whatever
            # its entity, and the index is written by (kind, object_id) (indexing._write).
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
