"""Who sees which exercise documents in the staff area."""

from django.db.models import Q

from rinde.accounts.models import Role
from rinde.accounts.permissions import role_of


def documents_for(user, documents):
    """The documents `user` may see and download in the panel, drafts included.

    A veeduría (Ley 850 de 2003) is citizens overseeing the entity, not the entity's staff:
    its members upload their own committee's reports, so they see those (drafts included,
    to follow their own submission) and whatever the entity has published, never the
    entity's drafts. Every other staff role works for the entity and sees all of them."""
    if role_of(user) == Role.OVERSIGHT:
        return documents.filter(
            Q(published_at__isnull=False) | Q(committee__members=user)
        ).distinct()
    return documents
