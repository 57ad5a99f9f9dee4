from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rinde.entity.calendar import CALENDAR_CACHE_KEY
from rinde.entity.calendar_change import calendar_changed
from rinde.entity.models import ENTITY_CACHE_KEY, Entity, NonWorkingDay
from rinde.exercises.models import Exercise
from rinde.questions import due_dates
from rinde.questions.intake import INTAKE_EXERCISES_CACHE_KEY, forget_intake


def _forget_exercises() -> None:
    cache.delete(INTAKE_EXERCISES_CACHE_KEY)
    forget_intake()


@receiver([post_save, post_delete], sender=Exercise)
def forget_intake_exercises(**kwargs) -> None:
    # Published, withdrawn, edited or moved to another year: read them again next time.
    # Now and once more after the commit, so a post that read the old row in between does
    # not leave it cached.
    _forget_exercises()
    transaction.on_commit(_forget_exercises)


def _forget_clock() -> None:
    cache.delete_many([CALENDAR_CACHE_KEY, ENTITY_CACHE_KEY])
    forget_intake()


@receiver([post_save, post_delete], sender=Entity)
@receiver([post_save, post_delete], sender=NonWorkingDay)
def forget_intake_clock(**kwargs) -> None:
    # entity.signals forgets the shared copies before the commit; a post that reads the old
    # rows in between would cache them again for an hour, so they go once more after it.
    forget_intake()
    transaction.on_commit(_forget_clock)


# Open questions follow the entity's calendar: a day declared non-working (or working
# again) inside a running term moves its due date (questions.due_dates, docs/questions.md).
calendar_changed.connect(due_dates.follow_calendar, dispatch_uid="questions.follow_calendar")
