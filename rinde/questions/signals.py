from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rinde.entity.calendar import calendar_key
from rinde.entity.calendar_change import calendar_changed
from rinde.entity.models import ENTITY_CACHE_KEY, Entity, NonWorkingDay
from rinde.exercises.models import Exercise
from rinde.questions import due_dates
from rinde.questions.intake import exercises_key, forget_intake


def _forget_exercises(entity_id: int | None) -> None:
    cache.delete(exercises_key(entity_id))
    forget_intake()


@receiver([post_save, post_delete], sender=Exercise)
def forget_intake_exercises(instance: Exercise, **kwargs) -> None:
    # Published, withdrawn, edited or moved to another year: read them again next time.
    # Now and once more after the commit, so a post that read the old row in between does
    # not leave it cached. The exercise's entity's cached list only (step 6).
    _forget_exercises(instance.entity_id)
    transaction.on_commit(partial(_forget_exercises, instance.entity_id))


def _forget_clock(entity_id: int | None) -> None:
    cache.delete_many([calendar_key(entity_id), ENTITY_CACHE_KEY])
    forget_intake()


@receiver([post_save, post_delete], sender=Entity)
@receiver([post_save, post_delete], sender=NonWorkingDay)
def forget_intake_clock(instance: Entity | NonWorkingDay, **kwargs) -> None:
    # entity.signals forgets the shared copies before the commit; a post that reads the old
    # rows in between would cache them again for an hour, so they go once more after it.
    forget_intake()
    entity_id = instance.pk if isinstance(instance, Entity) else instance.entity_id
    transaction.on_commit(partial(_forget_clock, entity_id))


# Open questions follow the entity's calendar: a day declared non-working (or working
# again) inside a running term moves its due date (questions.due_dates, docs/questions.md).
calendar_changed.connect(due_dates.follow_calendar, dispatch_uid="questions.follow_calendar")
