"""The audit log: one function that every staff change calls inside its own transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from rinde.core import audit_chain, files
from rinde.core.http import client_ip
from rinde.core.models import AuditChainHead, AuditEntry


class AuditOutsideTransactionError(RuntimeError):
    pass


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Write one audit entry. Must run inside the transaction that makes the change, so the
    change and its trace land together or not at all."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(
            "audit.record must run inside the transaction that makes the change"
        )
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        actor=actor if is_user else None,
        actor_label=actor.get_username() if is_user else "sistema",
        action=action,
        changes=_jsonable(changes or {}),
        ip_address=client_ip(request) if request is not None else None,
        entity_id=_entity_id(target, request),
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:300]
    _chain_and_save(entry)
    return entry


def _entity_id(target: models.Model | None, request: HttpRequest | None) -> int | None:
    """The entity an entry belongs to: its target's (through the target's own key or its
    parents'), else the request's; None for the installation's own work."""
    found = files.entity_id_of(target) if target is not None else None
    if found is None and request is not None:
        found = getattr(getattr(request, "entity", None), "pk", None)
    return found


def _chain_and_save(entry: AuditEntry) -> None:
    """The chain step, last so the lock is taken as late as possible: lock the head row, hash
    the entry onto the last hash, save both. The lock lasts until the caller's transaction
    ends, so a concurrent writer waits here and then reads the new head (no fork); the ids,
    drawn after the lock, follow the chain order."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    entry.created_at = timezone.now()
    entry.previous_hash = head.last_hash
    entry.entry_hash = audit_chain.compute_hash(entry, head.last_hash)
    entry.save(force_insert=True)
    head.last_hash, head.last_entry_id = entry.entry_hash, entry.pk
    head.save(update_fields=["last_hash", "last_entry_id"])


def record_event(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """record() for an event that changes nothing else (a failed login, a denied page): in a
    transaction of its own, because there is no change to land together with."""
    with transaction.atomic():
        return record(actor=actor, action=action, target=target, changes=changes, request=request)


SECRET_FIELDS = ("password", "secret", "token", "key")


def save_changes(
    obj: models.Model,
    values: dict[str, Any],
    *,
    actor,
    action: str,
    request: HttpRequest | None = None,
) -> dict[str, list[Any]]:
    """Create or update `obj` with `values` ({field name: value}, many-to-many fields
    included) and record it, in one transaction. An update saves only the fields that
    changed (against the stored row, locked: `obj` may already hold the new values, as a
    validated ModelForm's instance does) and records them as {field: [before, after]},
    nothing when none did; a creation records every value from None. Returns the changes.

    The caller checks what it must first (permissions, state): this is the last step of a
    service, taking values rather than a form."""
    meta = obj._meta
    many = {f.name for f in meta.many_to_many}
    fields = {f.name: f for f in meta.concrete_fields}
    unknown = set(values) - many - set(fields)
    if unknown:
        raise ValueError(f"not fields of {meta.label}: {sorted(unknown)}")
    created = obj.pk is None
    changes: dict[str, list[Any]] = {}
    with transaction.atomic():
        stored = None if created else type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        for name, value in values.items():
            if name in many:
                members = [] if stored is None else list(getattr(stored, name).all())
                if created or {o.pk for o in members} != {o.pk for o in value}:
                    changes[name] = [None if created else members, list(value)]
                continue
            before = None if stored is None else getattr(stored, name)
            # As a ModelForm sets it: a file field clears on False and, for a
            # core.files.CleanedFileField, keeps the upload's original name too.
            fields[name].save_form_data(obj, value)
            if created or before != getattr(obj, name):
                changes[name] = [before, value]
                name_field = getattr(fields[name], "name_field", None)
                if name_field and stored is not None:
                    changes[name_field] = [getattr(stored, name_field), getattr(obj, name_field)]
        plain = set(changes) - many
        if created:
            obj.save()
        elif plain:
            # auto_now fields are saved only when named.
            stamped = {name for name, f in fields.items() if getattr(f, "auto_now", False)}
            obj.save(update_fields=sorted(plain | stamped))
        for name in many & set(changes):
            getattr(obj, name).set(changes[name][1])
        if changes:
            for name in changes:
                if any(secret in name for secret in SECRET_FIELDS):
                    changes[name] = ["***", "***"]  # that it changed, never the value
            record(actor=actor, action=action, target=obj, changes=changes, request=request)
    return changes


def form_changes(form) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields a bound ModelForm changed."""
    changes = {}
    for name in form.changed_data:
        if any(secret in name for secret in SECRET_FIELDS):
            changes[name] = ["***", "***"]  # that it changed, never the value
            continue
        before = form.initial.get(name)
        after = form.cleaned_data.get(name)
        changes[name] = [before, after]
    return changes


CHANGE_LIMIT = 200  # changed keys kept per entry: an imported cut may change thousands


def diff(before: dict, after: dict, *, limit: int = CHANGE_LIMIT) -> dict[str, Any]:
    """{key: [before, after]} for the keys whose value differs (a key missing on one side
    is None there), the first `limit` in key order; when more changed, "_omitted" counts
    the rest, so an entry stays bounded in size whatever the change."""
    changed = sorted(
        str(key) for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    )
    lookup = {str(key): key for key in before.keys() | after.keys()}
    result: dict[str, Any] = {
        key: [before.get(lookup[key]), after.get(lookup[key])] for key in changed[:limit]
    }
    if len(changed) > limit:
        result["_omitted"] = len(changed) - limit
    return result


def change_rows(changes: dict) -> list[tuple[str, Any, Any, bool]]:
    """(field, before, after, is_change) for showing an entry: a [before, after] pair is a
    change; any other value (a count, a note) is shown as it is, in `before`."""
    rows = []
    for field, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((field, value[0], value[1], True))
        else:
            rows.append((field, value, None, False))
    return rows


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet):
        return [str(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, File):  # a stored file (an empty one has no url: ValueError) or an upload
        return value.name or ""
    return str(value)
