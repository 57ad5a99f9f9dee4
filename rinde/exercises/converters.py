"""The exercise part of public and staff addresses: /rendicion/<slug>/ (see Exercise.slug)."""

from rinde.exercises.models import EXERCISE_SLUG_PATTERN


class ExerciseSlugConverter:
    regex = EXERCISE_SLUG_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        # An int year still reverses (the main exercise of that year has the year as slug).
        return str(value)
