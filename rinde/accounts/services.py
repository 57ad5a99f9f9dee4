"""Changes an administrator makes to a staff member's account (invitations: invitations.py):
one transaction each, with its audit entry (field, before, after)."""

from django.db import transaction

from rinde.accounts.models import Membership, User
from rinde.core import audit


def _account(person: User, membership: Membership) -> dict:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "position": person.position,
        "role": membership.role,
        "departments": [str(d) for d in membership.departments.all()],
        "is_active": membership.is_active,
    }


def update_staff_member(
    membership: Membership,
    *,
    first_name: str,
    last_name: str,
    position: str,
    role: str,
    departments,
    is_active: bool,
    actor,
    request=None,
) -> User:
    """Save the values forms.StaffUserForm checked: the account's names, and the person's
    membership in this entity (role, departments, active; another entity's is not
    touched); audited with each changed field."""
    with transaction.atomic():
        # From the database: a validated ModelForm has already set its values on the user.
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        person = User.objects.select_for_update().get(pk=membership.user_id)
        before = _account(person, membership)
        person.first_name, person.last_name, person.position = first_name, last_name, position
        person.save(update_fields=["first_name", "last_name", "position"])
        membership.role, membership.is_active = role, is_active
        membership.save(update_fields=["role", "is_active"])
        membership.departments.set(departments)
        audit.record(
            actor=actor,
            action="accounts.staff_updated",
            target=person,
            changes=audit.diff(before, _account(person, membership)),
            request=request,
        )
    return person
