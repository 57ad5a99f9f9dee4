from django.db import models, transaction

from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages


def save_item(obj: models.Model, values: dict, *, actor, kind: str, request=None):
    """Create or update a piece, an episode or a bulletin from its values, audited
    ("outreach.<kind>.create" / ".update"); public pages show them all."""
    created = obj.pk is None
    with transaction.atomic():
        audit.save_changes(
            obj,
            values,
            actor=actor,
            action=f"outreach.{kind}.{'create' if created else 'update'}",
            request=request,
        )
        refresh_public_pages()
    return obj
