"""Changes an administrator makes to a staff member's account (invitations: invitations.py):
one transaction each, with its audit entry (field, before, after)."""

from django.db import transaction

from rinde.accounts.models import User
from rinde.core import audit


def _account(person: User) -> dict:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "position": person.position,
        "role": person.role,
        "departments": [str(d) for d in person.departments.all()],
        "is_active": person.is_active,
    }


def update_staff_member(
    person: User,
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
    """Save the values forms.StaffUserForm checked; audited with each changed field."""
    with transaction.atomic():
        # From the database: a validated ModelForm has already set its values on `person`.
        person = User.objects.select_for_update().get(pk=person.pk)
        before = _account(person)
        person.first_name, person.last_name, person.position = first_name, last_name, position
        person.role, person.is_active = role, is_active
        person.save()
        person.departments.set(departments)
        audit.record(
            actor=actor,
            action="accounts.staff_updated",
            target=person,
            changes=audit.diff(before, _account(person)),
            request=request,
        )
    return person
