"""Media lists: named groups of contacts from the media directory that bulletins are sent to."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from rinde.core import audit
from rinde.outreach.models import MediaContact, MediaList


def recipients(lists: Iterable[MediaList]) -> QuerySet[MediaContact]:
    """Every contact on any of `lists` who has not opted out, each once."""
    return (
        MediaContact.objects.filter(lists__in=list(lists), opted_out_at__isnull=True)
        .distinct()
        .order_by("pk")
    )


def filter_directory(contacts: QuerySet[MediaContact], *, scope: str = "", medium: str = ""):
    if scope:
        contacts = contacts.filter(scope=scope)
    if medium:
        contacts = contacts.filter(medium=medium)
    return contacts


def save_list(media_list: MediaList, values: dict, *, actor, request=None) -> MediaList:
    """Create or rename a media list from its values, audited."""
    created = media_list.pk is None
    audit.save_changes(
        media_list,
        values,
        actor=actor,
        action=f"outreach.media_list.{'create' if created else 'update'}",
        request=request,
    )
    return media_list


@transaction.atomic
def add_contacts(media_list: MediaList, contacts: Iterable[MediaContact], *, actor, request=None):
    """Add contacts to the list (those already on it stay once); returns how many were new."""
    ids = {c.pk for c in contacts}
    new = ids - set(media_list.contacts.filter(pk__in=ids).values_list("pk", flat=True))
    media_list.contacts.add(*new)
    audit.record(
        actor=actor,
        action="outreach.media_list.add",
        target=media_list,
        changes={"added": sorted(new)},
        request=request,
    )
    return len(new)


@transaction.atomic
def remove_contacts(
    media_list: MediaList, contacts: Iterable[MediaContact], *, actor, request=None
) -> int:
    ids = sorted({c.pk for c in contacts})
    media_list.contacts.remove(*ids)
    audit.record(
        actor=actor,
        action="outreach.media_list.remove",
        target=media_list,
        changes={"removed": ids},
        request=request,
    )
    return len(ids)
