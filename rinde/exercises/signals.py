"""The exercise pages are whole-page cached (core.public_cache): any change to an exercise
or what hangs on it refreshes them. Bumped at once and again after the commit, so a request
served in between cannot keep the old page for the cache's lifetime."""

from django.db.models.signals import post_delete, post_save

from rinde.core.public_cache import refresh_public_pages
from rinde.exercises.models import (
    Action,
    AgendaItem,
    Document,
    Event,
    EventDetails,
    Exercise,
    OversightCommittee,
    Registration,
    Stage,
)

SHOWN_ON_THE_EXERCISE_PAGE = [
    Exercise,
    Stage,
    Action,
    Document,
    Event,
    EventDetails,
    AgendaItem,
    OversightCommittee,
    Registration,
]


def refresh_exercise_pages(**kwargs) -> None:
    refresh_public_pages()


for model in SHOWN_ON_THE_EXERCISE_PAGE:
    post_save.connect(refresh_exercise_pages, sender=model)
    post_delete.connect(refresh_exercise_pages, sender=model)
