"""The audit log's hash chain: each entry's hash covers its own fields and the previous
entry's hash, so an entry edited or deleted in the database breaks the chain from there on.

Pure functions over an entry (the live model or a migration's historical one), so the
migration that chains the rows already stored computes exactly what audit.record computes.
"""

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

GENESIS = ""  # the previous hash of the first entry


def canonical_fields(entry) -> dict[str, Any]:
    """The fields the hash covers, as JSON-native values that read back the same from every
    database. The actor is covered by its label, not its id: deleting a user sets the id to
    null (on_delete=SET_NULL), a legitimate change that must not break the chain."""
    target_type = entry.target_type
    ip = entry.ip_address
    return {
        "created_at": entry.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_label": entry.actor_label,
        "action": entry.action,
        "target_type": f"{target_type.app_label}.{target_type.model}" if target_type else "",
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        # Through JSON and back: what the JSONField will give back when verified.
        "changes": json.loads(json.dumps(entry.changes)),
        "ip_address": str(ipaddress.ip_address(ip)) if ip else None,
    }


def compute_hash(entry, previous_hash: str) -> str:
    payload = {**canonical_fields(entry), "previous_hash": previous_hash}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    reason: str


def first_break(entries, head=None) -> Break | None:
    """Walk `entries` in chain order (by id) and return the first one whose links or hash do
    not hold; then check the head points at the last entry (a deleted last entry)."""
    previous_hash, last_id = GENESIS, None
    for entry in entries:
        if entry.previous_hash != previous_hash:
            return Break(entry.pk, "previous_hash does not match the previous entry's hash")
        if entry.entry_hash != compute_hash(entry, previous_hash):
            return Break(entry.pk, "entry_hash does not match the entry's fields")
        previous_hash, last_id = entry.entry_hash, entry.pk
    if head is not None and (head.last_hash != previous_hash or head.last_entry_id != last_id):
        return Break(head.last_entry_id, "the chain head does not point at the last entry")
    return None
