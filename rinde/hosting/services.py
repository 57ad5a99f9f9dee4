"""The host administrator's actions on entities: create one (with its first
administrator's invitation), suspend it, reactivate it. One transaction and one audit
entry each."""

from django.db import transaction

from rinde.accounts import invitations
from rinde.accounts.models import Invitation, Role
from rinde.core import audit
from rinde.entity import scoping, services
from rinde.entity.models import Entity


def create_entity(
    *, name: str, slug: str, kind: str, departamento: str, admin_email: str, actor, request=None
) -> tuple[Entity, Invitation]:
    """A new entity, empty, and an invitation for its first administrator: when they
    arrive (at the entity's own address), the panel opens on the first-run checklist, as
    for an installation's first entity, and they fill in the entity's data there."""
    with transaction.atomic():
        entity = services.save_entity(
            Entity(),
            {"name": name, "slug": slug, "kind": kind, "departamento": departamento},
            actor=actor,
            request=request,
            alongside_others=True,
        )
        # The invitation is the new entity's row, made as its own work.
        with scoping.activate(entity):
            invitation = invitations.invite(
                email=admin_email,
                role=Role.ADMIN,
                departments=[],
                position="",
                actor=actor,
                request=request,
            )
    return entity, invitation


def set_active(entity: Entity, active: bool, *, actor, request=None) -> Entity:
    """Suspend (`active` False: its pages answer 503 and its staff cannot work in it; its
    data stays) or reactivate an entity."""
    audit.save_changes(
        entity,
        {"is_active": active},
        actor=actor,
        action="hosting.entity_reactivated" if active else "hosting.entity_suspended",
        request=request,
    )
    return entity
