from django.core.exceptions import PermissionDenied
from django.db import transaction

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.improvements.models import ImprovementAction

# Planning owns the improvement plan (seed strategy; product.md); the responsible
# department's officer updates the status and evidence of its own actions.


def can_edit(user, action: ImprovementAction | None) -> bool:
    if permissions.has_role(user, Role.PLANNING):
        return True
    return (
        action is not None
        and permissions.has_role(user, Role.OFFICER)
        and permissions.can_act_for_department(user, action.department_id)
    )


# What was agreed: an officer updates the progress of an action, never these.
AGREED_FIELDS = ("description", "origin", "origin_detail", "department", "due_on")


def save_action(
    action: ImprovementAction, values: dict, *, actor, request=None
) -> ImprovementAction:
    """Create or update an action from its values (the links to its origin, `question`
    or `evaluation_question`, among them), audited."""
    created = action.pk is None
    if not can_edit(actor, None if created else action):
        raise PermissionDenied("role")
    with transaction.atomic():
        if not created and not permissions.has_role(actor, Role.PLANNING):
            stored = ImprovementAction.objects.select_for_update().get(pk=action.pk)
            for field in AGREED_FIELDS:
                if field in values and values[field] != getattr(stored, field):
                    raise PermissionDenied("field")
        if created:
            values = {**values, "created_by": actor}
        audit.save_changes(
            action,
            values,
            actor=actor,
            action="improvements.create" if created else "improvements.update",
            request=request,
        )
        refresh_public_pages()
    return action
