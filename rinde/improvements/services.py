from django.core.exceptions import PermissionDenied
from django.db import transaction

from rinde.accounts import permissions
from rinde.accounts.models import Role
from rinde.core import audit
from rinde.core.public_cache import bump_site_version
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


@transaction.atomic
def save_action(*, form, actor, request=None, **links) -> ImprovementAction:
    """Create or update an action from its form; `links` ties it to its origin."""
    action = form.instance
    if not can_edit(actor, action if action.pk else None):
        raise PermissionDenied("role")
    if action.pk and not permissions.has_role(actor, Role.PLANNING):
        # An officer may change only the progress of the action, never what was agreed.
        for field in ("description", "origin", "origin_detail", "department", "due_on"):
            if field in form.changed_data:
                raise PermissionDenied("field")
    created = action.pk is None
    action = form.save(commit=False)
    for name, value in links.items():
        setattr(action, name, value)
    if created:
        action.created_by = actor
    action.save()
    audit.record(
        actor=actor,
        action="improvements.create" if created else "improvements.update",
        target=action,
        changes=audit.form_changes(form) if not created else {"origin": action.origin},
        request=request,
    )
    transaction.on_commit(bump_site_version)
    return action
