"""Who belongs to which entity, with which role (docs/tenancy.md, "Memberships").

`grant` is the one way a membership is made or changed: invitations, the panel's staff
page, the host's new entity, the demo loader and the test factories call it, explicitly
(no signal on User: saving an account never changes what it may do).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from rinde.accounts.models import Membership, Role, User
from rinde.entity import scoping
from rinde.entity.models import Department, Entity


def grant(
    user: User,
    entity: Entity,
    role: str,
    departments: Iterable[Department] = (),
    *,
    is_active: bool = True,
) -> Membership:
    """Give `user` `role` in `entity` (and, for an officer, `departments`, which must be
    the entity's own), creating the membership or changing the one they have there."""
    if role == Role.CITIZEN:
        raise ValueError("a citizen holds no membership")
    departments = list(departments)
    if any(d.entity_id != entity.pk for d in departments):
        raise ValueError("a membership's departments belong to its entity")
    # Work for `entity`: its departments' related manager reads that entity's rows.
    with transaction.atomic(), scoping.activate(entity):
        membership, _ = Membership.objects.across_entities().update_or_create(
            user=user, entity=entity, defaults={"role": role, "is_active": is_active}
        )
        membership.departments.set(departments)
    user.forget_roles()
    return membership


def adopt_installation_staff(entity: Entity) -> int:
    """The installation's first entity takes its staff accounts that belong nowhere yet,
    each with the role its account was created with: the first administrator, who set the
    entity up, and (by migration 0006) everyone of an installation from before
    memberships. Returns how many memberships it made."""
    staff = User.objects.exclude(role=Role.CITIZEN).exclude(
        pk__in=Membership.objects.across_entities().values("user_id")
    )
    made = [Membership(user=user, entity=entity, role=user.role) for user in staff]
    Membership.objects.bulk_create(made)
    return len(made)


def people_with(*roles: Role) -> QuerySet[User]:
    """The active accounts holding one of `roles` in the active entity (whom an e-mail to
    "planning" or "the administrators" goes to): never another entity's people."""
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(role__in=roles, is_active=True).values("user_id"),
    )


def officers_of(department: Department) -> QuerySet[User]:
    """The department's active officers (a department is one entity's: so are they)."""
    return User.objects.filter(
        is_active=True,
        memberships__departments=department,
        memberships__role=Role.OFFICER,
        memberships__is_active=True,
    )
