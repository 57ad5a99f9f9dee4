"""Before the entity key (docs/tenancy.md, steps 2 and 3): an installation not set up yet
(no entity) has one kind of row here, migration 0002's seed of channels and audiences.
They are dropped rather than filed under a placeholder entity by the next migration,
which would make every fresh install look set up (entity.first_run); the entity gets its
own when it is created (outreach.defaults). Channels or audiences already used by a piece
are kept (and filed under the placeholder).

A migration of its own: on PostgreSQL the DELETE leaves deferred foreign-key checks
pending, and the next migration's ALTER TABLE would be refused in the same transaction."""

from django.db import migrations


def drop_seed_without_entity(apps, schema_editor):
    if apps.get_model("entity", "Entity").objects.exists():
        return
    for name in ("Channel", "Audience"):
        apps.get_model("outreach", name).objects.filter(pieces__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entity", "0003_slug_is_active_domain"),
        ("outreach", "0007_delivery_retries"),
    ]

    operations = [migrations.RunPython(drop_seed_without_entity, migrations.RunPython.noop)]
