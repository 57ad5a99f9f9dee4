"""Which exercise a question typed in by staff (paper, e-mail, chat) goes to.

A question goes to a published exercise open on the day it is registered, never to an
unpublished draft (a draft has no public page where its answer would appear). Several
exercises may be open at once (a sectoral or a children's hearing beside the main one): then
staff choose. Between exercises, the latest published one keeps receiving them."""

from datetime import date

from rinde.exercises.models import Exercise


def candidates(today: date) -> list[Exercise]:
    published = list(Exercise.objects.published().order_by("-starts_on", "slug"))
    open_today = [e for e in published if e.starts_on <= today <= e.ends_on]
    return open_today or published[:1]


def chosen(exercises: list[Exercise], slug: str) -> Exercise | None:
    """The exercise to use: the only candidate, or the one staff chose among several."""
    if len(exercises) == 1:
        return exercises[0]
    return next((e for e in exercises if e.slug == slug), None)
