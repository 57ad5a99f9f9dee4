"""Every row of Rinde belongs to one entity (docs/tenancy.md, steps 2 and 3): a model either
carries its own `entity` key, or reaches a keyed model through a required foreign key
(an answer through its question), or is global on purpose and listed below with why. A
new model that is none of these fails here, before it can mix two entities' rows."""

from django.apps import apps
from django.db import models

from rinde.entity.models import Entity

# Global on purpose, with the reason; docs/tenancy.md lists the same.
GLOBAL = {
    "entity.Entity": "the entities themselves",
    "entity.Domain": "keyed by its entity, and looked up by host before any entity is known",
    "accounts.User": "one account for a person across entities (memberships come next)",
    "core.SpentFormToken": "the signed token names what it was for; spent once site-wide",
    "core.WorkerHeartbeat": "the installation's worker",
    "core.AuditEntry": "one chain per installation until the per-entity chain (next step)",
    "core.AuditChainHead": "one chain per installation until the per-entity chain",
}


def _rinde_models():
    return [m for m in apps.get_models() if m.__module__.startswith("rinde.")]


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _own_key(model) -> models.ForeignKey | None:
    try:
        field = model._meta.get_field("entity")
    except Exception:  # noqa: BLE001 - no such field
        return None
    if isinstance(field, models.ForeignKey | models.OneToOneField) and (
        field.related_model is Entity
    ):
        return field
    return None


def _scoped(model, seen=()) -> bool:
    if _own_key(model) is not None:
        return True
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.ForeignKey)
            and not field.null
            and field.related_model is not model
            and field.related_model not in seen
            and field.related_model.__module__.startswith("rinde.")
            and _label(field.related_model) not in GLOBAL
            and _scoped(field.related_model, (*seen, model))
        ):
            return True
    return False


def test_every_model_belongs_to_an_entity_or_says_why_not():
    unscoped = [_label(m) for m in _rinde_models() if _label(m) not in GLOBAL and not _scoped(m)]
    assert unscoped == [], (
        "These models neither carry an `entity` key nor reach one through a required "
        f"foreign key: {unscoped}. Give them the key (docs/tenancy.md) or list them in "
        "GLOBAL with the reason."
    )


def test_every_own_key_is_required():
    nullable = [_label(m) for m in _rinde_models() if (k := _own_key(m)) and k.null]
    assert nullable == []
