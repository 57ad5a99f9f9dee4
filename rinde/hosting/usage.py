"""Each entity's use of the installation, for the host's panel (/anfitrion/): the storage
its files take, the questions it has received and the e-mails it has sent. Computed by
`refresh()` over every entity at once (one grouped query per table, a stat per stored
file) and kept in EntityUsage, so the panel's page reads one table whatever the number of
entities; `manage.py housekeeping` should call it with the public figures, and the panel
has a button for it.

The tables are found, not listed: every model with a file field (storage) or a `sent_at`
column (an e-mail recorded as sent: a question's e-mail, a bulletin's or a notice's
delivery, a digest, a warning), and its way to its entity: its own `entity` key, or a
required foreign key to a model that has one (a question's e-mail through its question).
A new table of either kind is counted without touching this module."""

from collections import defaultdict
from collections.abc import Iterator

from django.apps import apps
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone

from rinde.entity.models import Entity
from rinde.hosting.models import EntityUsage
from rinde.questions.models import Question


def entity_path(model: type[models.Model], depth: int = 2) -> str | None:
    """The lookup from `model` to its entity's id ("pk" for Entity itself, "entity_id",
    "question__entity_id"…), through required foreign keys; None when it has none."""
    if model is Entity:
        return "pk"
    keys = [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    if any(f.name == "entity" and f.related_model is Entity for f in keys):
        return "entity_id"
    if depth == 0:
        return None
    for field in keys:
        if field.null or field.related_model is model:
            continue
        parent = entity_path(field.related_model, depth - 1)
        if parent == "pk":
            return f"{field.name}_id"
        if parent is not None:
            return f"{field.name}__{parent}"
    return None


def _all_rows(model: type[models.Model]) -> models.QuerySet:
    # Every entity's rows on purpose: the scoped managers read the active entity's only.
    return model._base_manager.all()


def file_tables() -> Iterator[tuple[type[models.Model], str, list[models.FileField]]]:
    for model in apps.get_models():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        path = entity_path(model) if file_fields else None
        if path is not None:
            yield model, path, file_fields


def mail_tables() -> Iterator[tuple[type[models.Model], str]]:
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        path = entity_path(model) if "sent_at" in names else None
        if path is not None:
            yield model, path


def _size(field: models.FileField, name: str) -> int:
    try:
        return field.storage.size(name)
    except (OSError, NotImplementedError):
        return 0  # gone from the disk: nothing to count


def storage_by_entity() -> dict[int, int]:
    used: dict[int, int] = defaultdict(int)
    for model, path, fields in file_tables():
        names = [f.name for f in fields]
        for row in _all_rows(model).values_list(path, *names).iterator():
            entity_id, *stored = row
            for field, name in zip(fields, stored, strict=True):
                if name:
                    used[entity_id] += _size(field, name)
    return used


def emails_by_entity() -> dict[int, int]:
    sent: dict[int, int] = defaultdict(int)
    for model, path in mail_tables():
        rows = (
            _all_rows(model)
            .filter(sent_at__isnull=False)
            .values(path)
            .annotate(n=Count("pk"))
            .values_list(path, "n")
        )
        for entity_id, n in rows:
            sent[entity_id] += n
    return sent


def questions_by_entity() -> dict[int, int]:
    rows = (
        Question.objects.across_entities()
        .values("entity_id")
        .annotate(n=Count("pk"))
        .values_list("entity_id", "n")
    )
    return dict(rows)


def refresh() -> int:
    """Recompute every entity's row; returns how many entities it covered."""
    storage, emails, questions = storage_by_entity(), emails_by_entity(), questions_by_entity()
    now = timezone.now()
    ids = list(Entity.objects.values_list("pk", flat=True))
    rows = [
        EntityUsage(
            entity_id=pk,
            storage_bytes=storage.get(pk, 0),
            emails_sent=emails.get(pk, 0),
            questions_received=questions.get(pk, 0),
            computed_at=now,
        )
        for pk in ids
    ]
    with transaction.atomic():
        EntityUsage.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["entity"],
            update_fields=["storage_bytes", "emails_sent", "questions_received", "computed_at"],
        )
    return len(rows)
