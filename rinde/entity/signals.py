from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rinde.entity.models import ENTITY_CACHE_KEY, Entity


@receiver([post_save, post_delete], sender=Entity)
def forget_cached_entity(**kwargs) -> None:
    cache.delete(ENTITY_CACHE_KEY)
