from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rinde.core.public_cache import bump_site_version
from rinde.entity.calendar import CALENDAR_CACHE_KEY
from rinde.entity.models import ENTITY_CACHE_KEY, Department, Entity, NonWorkingDay


@receiver([post_save, post_delete], sender=Entity)
def forget_cached_entity(**kwargs) -> None:
    cache.delete_many([ENTITY_CACHE_KEY, CALENDAR_CACHE_KEY])
    bump_site_version()  # the entity's name and contact data are on every public page


@receiver([post_save, post_delete], sender=Department)
def forget_cached_pages(**kwargs) -> None:
    bump_site_version()


@receiver([post_save, post_delete], sender=NonWorkingDay)
def forget_cached_calendar(**kwargs) -> None:
    cache.delete(CALENDAR_CACHE_KEY)
