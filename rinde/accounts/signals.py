"""The installation's first entity takes the staff accounts made before it existed."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from rinde.accounts import memberships
from rinde.entity.models import Entity


# On Entity, not User: the first administrator is created before any entity (accounts.
# invitations.create_first_admin) and sets the entity up; that entity is theirs. Later
# entities start empty and get their people by invitation (the host's panel).
@receiver(post_save, sender=Entity)
def first_entity_adopts_staff(instance: Entity, created: bool, raw: bool = False, **kwargs):
    if created and not raw and not Entity.objects.exclude(pk=instance.pk).exists():
        memberships.adopt_installation_staff(instance)
