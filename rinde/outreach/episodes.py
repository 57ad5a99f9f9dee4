"""Removing a TV programme broadcast from the record (creating and editing go through
services.save_item like a piece)."""

from django.db import transaction

from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.outreach.models import Episode


@transaction.atomic
def delete_episode(episode: Episode, *, actor, request=None) -> None:
    audit.record(
        actor=actor,
        action="outreach.episode.delete",
        target=episode,
        changes={
            "exercise": episode.exercise.slug,
            "aired_on": str(episode.aired_on),
            "topics": episode.topics,
        },
        request=request,
    )
    episode.delete()
    refresh_public_pages()  # the cached public programme page
