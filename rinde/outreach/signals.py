from django.db.models.signals import post_save
from django.dispatch import receiver

from rinde.entity.models import Entity
from rinde.outreach import defaults


# A rule in a signal, against the house style (signals: cache invalidation only): an
# entity is created in several places (entity.services.save_entity, load_demo, Django
# admin, the tests' make_entity), none of them outreach's, and before the entity key a
# fresh install had these rows from migration 0002. To move into the service that creates
# entities once there is one (docs/tenancy.md, step 10).
@receiver(post_save, sender=Entity)
def give_new_entity_default_lists(instance: Entity, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        defaults.give_default_lists(instance)
