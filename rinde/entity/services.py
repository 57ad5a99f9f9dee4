"""Changes to the entity, its departments and its calendar: each one transaction with its
audit entry. Saving refreshes the cached entity and public pages by signal (signals.py)."""

from django.db import transaction

from rinde.core import audit
from rinde.entity import calendar_change, slugs
from rinde.entity.department_list import DepartmentRow
from rinde.entity.models import Department, Entity, NonWorkingDay, entity_of_new_row


class EntityExists(Exception):
    """The installation already has its entity (see save_entity)."""


def save_entity(
    entity: Entity, values: dict, *, actor, request=None, alongside_others: bool = False
) -> Entity:
    """Create the entity (`entity` unsaved) or change it with the values
    forms.EntityForm.entity_values() names, the logo's cleaned upload among them; audited
    with each changed field ("entity.created" / "entity.updated", nothing when none did).

    The first-run form creates the installation's first entity only: two sent at once
    would make two, so the second gets EntityExists. The host's panel creates entities
    next to the others (`alongside_others`, hosting.services), with the slug it chose:
    every keyed query reads the active entity's rows only (docs/tenancy.md, step 5)."""
    created = entity.pk is None
    if created:
        if not alongside_others and Entity.objects.exists():
            raise EntityExists
        if not values.get("slug"):
            name = values.get("short_name") or values.get("name") or entity.display_name
            values = {**values, "slug": slugs.free_slug(name)}
    audit.save_changes(
        entity,
        values,
        actor=actor,
        action="entity.created" if created else "entity.updated",
        request=request,
    )
    return entity


def save_department(department: Department | None, *, actor, request=None, **values) -> Department:
    """Create a department (`department` None) or change one, with the values
    forms.DepartmentForm checked (name, code, kind, head_name, head_title, email, phone,
    is_active); audited with each changed field."""
    with transaction.atomic():
        created = department is None
        # From the database: a validated ModelForm has already set its values on the object.
        department = (
            Department()
            if department is None
            else Department.objects.select_for_update().get(pk=department.pk)
        )
        before = {field: getattr(department, field) for field in values}
        for field, value in values.items():
            setattr(department, field, value)
        department.save()
        audit.record(
            actor=actor,
            action="entity.department_created" if created else "entity.department_updated",
            target=department,
            changes=audit.diff(before, values),
            request=request,
        )
    return department


def add_departments(rows: list[DepartmentRow], *, actor, request=None) -> tuple[int, int]:
    """Create the listed departments and update those that exist by name (their head and
    contact data), all or nothing. Returns (created, updated)."""
    created = updated = 0
    # Names and codes are unique within the entity the departments are filed under.
    entity_id = entity_of_new_row()
    if entity_id is None:
        # forms.DepartmentListForm refuses a list before the first-run set-up.
        raise ValueError("no entity to file the departments under")
    with transaction.atomic():
        own = Department.objects.filter(entity_id=entity_id)
        existing = {d.name.lower(): d for d in own.select_for_update()}
        used_codes = set(own.values_list("code", flat=True))
        for row in rows:
            fields = {
                "head_name": row.head_name,
                "head_title": row.head_title,
                "email": row.email,
                "phone": row.phone,
            }
            department = existing.get(row.name.lower())
            if department is None:
                department = Department.objects.create(
                    entity_id=entity_id,
                    name=row.name,
                    kind=row.kind,
                    code=_free_code(row.code, used_codes),
                    **fields,
                )
                created += 1
                action = "entity.department_created"
            else:
                changes = {k: v for k, v in fields.items() if v and getattr(department, k) != v}
                if not changes:
                    continue
                for key, value in changes.items():
                    setattr(department, key, value)
                department.save(update_fields=list(changes))
                updated += 1
                action = "entity.department_updated"
            audit.record(
                actor=actor, action=action, target=department, changes=fields, request=request
            )
    return created, updated


def _free_code(code: str, used: set[str]) -> str:
    candidate, n = code, 2
    while candidate in used:
        suffix = f"-{n}"
        candidate = code[: 40 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def add_non_working_day(
    *, date, reason: str, act: str, actor, request=None
) -> tuple[NonWorkingDay, list[calendar_change.MovedDate]]:
    """Declare a non-working day; the open terms that include it move with it (audited,
    askers told). Returns the day and what moved."""
    with transaction.atomic():
        day = NonWorkingDay.objects.create(date=date, reason=reason, act=act)
        moved = calendar_change.follow(
            day.date, non_working=True, note=str(day), actor=actor, request=request, apply=True
        )
        audit.record(
            actor=actor,
            action="entity.non_working_day_added",
            target=day,
            changes={"date": day.date, "reason": day.reason, "moved_due_dates": len(moved)},
            request=request,
        )
    return day, moved


def remove_non_working_day(
    day: NonWorkingDay, *, actor, request=None
) -> list[calendar_change.MovedDate]:
    """The day is a working day again: the open terms that include it count it again."""
    with transaction.atomic():
        moved = calendar_change.follow(
            day.date, non_working=False, note=str(day), actor=actor, request=request, apply=True
        )
        audit.record(
            actor=actor,
            action="entity.non_working_day_removed",
            target=day,
            changes={"date": day.date, "reason": day.reason, "moved_due_dates": len(moved)},
            request=request,
        )
        day.delete()
    return moved
