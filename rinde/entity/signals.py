from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rinde.core.public_cache import bump_site_version
from rinde.entity.calendar import CALENDAR_CACHE_KEY
from rinde.entity.models import ENTITY_CACHE_KEY, Department, Entity, NonWorkingDay


def _forget(keys: list[str]) -> None:
    """Now, and again once the change is committed: a request served in between would
    otherwise cache the old values again, for up to an hour."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# Not refresh_public_pages(): a save inside a transaction that rolls back must not bump the
# version, so these bump only once the change is committed (portal's
# test_saving_a_department_refreshes_cached_pages).
@receiver([post_save, post_delete], sender=Entity)
def forget_cached_entity(**kwargs) -> None:
    _forget([ENTITY_CACHE_KEY, CALENDAR_CACHE_KEY])
    transaction.on_commit(bump_site_version)  # name and contact data are on every page


@receiver([post_save, post_delete], sender=Department)
def forget_cached_pages(**kwargs) -> None:
    transaction.on_commit(bump_site_version)


@receiver([post_save, post_delete], sender=NonWorkingDay)
def forget_cached_calendar(**kwargs) -> None:
    _forget([CALENDAR_CACHE_KEY])
