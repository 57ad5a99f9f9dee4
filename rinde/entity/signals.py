from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from rinde.core.public_cache import bump_site_version
from rinde.entity import resolution
from rinde.entity.calendar import calendar_key
from rinde.entity.models import ENTITY_CACHE_KEY, Department, Domain, Entity, NonWorkingDay
from rinde.entity.scoped import SEVERAL_KEY


def _forget(keys: list[str]) -> None:
    """Now, and again once the change is committed: a request served in between would
    otherwise cache the old values again, for up to an hour."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# Not refresh_public_pages(): a save inside a transaction that rolls back must not bump the
# version, so these bump only once the change is committed (portal's
# test_saving_a_department_refreshes_cached_pages).
@receiver([post_save, post_delete], sender=Entity)
def forget_cached_entity(instance: Entity, **kwargs) -> None:
    _forget([ENTITY_CACHE_KEY, calendar_key(instance.pk), SEVERAL_KEY, *_resolution_keys(instance)])
    transaction.on_commit(bump_site_version)  # name and contact data are on every page


# The middleware's cached lookups (resolution.py) hold the Entity row itself, under its
# hosts and its slug: a change to either row drops them. pre_save drops the keys of the row
# as stored, so that a host or slug that changes stops answering at once too.
@receiver(pre_save, sender=Entity)
def forget_stored_entity_lookups(instance: Entity, **kwargs) -> None:
    stored = Entity.objects.filter(pk=instance.pk).first() if instance.pk else None
    if stored is not None:
        _forget(_resolution_keys(stored))


@receiver(pre_save, sender=Domain)
def forget_stored_domain_lookup(instance: Domain, **kwargs) -> None:
    stored = Domain.objects.filter(pk=instance.pk).first() if instance.pk else None
    if stored is not None:
        _forget([resolution.host_key(stored.host)])


@receiver([post_save, post_delete], sender=Domain)
def forget_domain_lookup(instance: Domain, **kwargs) -> None:
    _forget([resolution.host_key(instance.host), resolution.HAS_DOMAINS_KEY])


def _resolution_keys(entity: Entity) -> list[str]:
    hosts = Domain.objects.filter(entity_id=entity.pk).values_list("host", flat=True)
    return [resolution.slug_key(entity.slug), *(resolution.host_key(h) for h in hosts)]


@receiver([post_save, post_delete], sender=Department)
def forget_cached_pages(**kwargs) -> None:
    transaction.on_commit(bump_site_version)


@receiver([post_save, post_delete], sender=NonWorkingDay)
def forget_cached_calendar(instance: NonWorkingDay, **kwargs) -> None:
    _forget([calendar_key(instance.entity_id)])
