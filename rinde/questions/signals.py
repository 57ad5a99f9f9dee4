from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rinde.exercises.models import Exercise
from rinde.questions.services import INTAKE_EXERCISES_CACHE_KEY


@receiver([post_save, post_delete], sender=Exercise)
def forget_intake_exercises(**kwargs) -> None:
    # Published, withdrawn, edited or moved to another year: read them again next time.
    cache.delete(INTAKE_EXERCISES_CACHE_KEY)
