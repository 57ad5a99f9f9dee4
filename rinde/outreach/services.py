from django.db import transaction

from rinde.core import audit
from rinde.core.public_cache import bump_site_version


@transaction.atomic
def save_form(*, form, actor, action: str, request=None):
    """Create or update a piece or an episode from its form, audited."""
    created = form.instance.pk is None
    obj = form.save()
    audit.record(
        actor=actor,
        action=f"outreach.{action}.{'create' if created else 'update'}",
        target=obj,
        changes=audit.form_changes(form),  # a creation: every field, from None
        request=request,
    )
    transaction.on_commit(bump_site_version)
    return obj
