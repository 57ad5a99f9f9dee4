"""The entity key, first half (docs/tenancy.md, steps 2 and 3): the column added nullable
on outreach's top-level models (Channel, Audience, Bulletin, whose exercise is optional,
MediaContact, MediaList) and on its hot table Delivery, then every existing row filed
under the installation's entity (key_migrations).

An installation not set up yet (no entity) has one kind of row here: migration 0002's
seed of channels and audiences. Those are dropped rather than filed under a placeholder
entity, which would make every fresh install look set up (entity.first_run); the entity
gets its own when it is created (outreach.defaults). Anything else without an entity
gets the placeholder, as in every app.

The column is added without its default: Django's schema editor computes a callable
default once while migrating (effective_default), and entity_of_new_row() would read the
Entity table through today's model, which a later migration may have changed. The
default comes with the NOT NULL in the next migration, in the state only."""

import django.db.models.deletion
from django.db import migrations, models

from rinde.entity.key_migrations import fill_entity_key

MODELS = ["Channel", "Audience", "Bulletin", "MediaContact", "MediaList", "Delivery"]


def _nullable_key():
    return models.ForeignKey(
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="entity.entity",
        verbose_name="entidad",
    )


def file_rows(apps, schema_editor):
    if not apps.get_model("entity", "Entity").objects.exists():
        for name in ("Channel", "Audience"):
            seed = apps.get_model("outreach", name).objects.filter(entity__isnull=True)
            seed.filter(pieces__isnull=True).delete()
    fill_entity_key("outreach", *MODELS)(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("entity", "0003_slug_is_active_domain"),
        ("outreach", "0007_delivery_retries"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name.lower(), name="entity", field=_nullable_key())
            for name in MODELS
        ),
        migrations.RunPython(file_rows, migrations.RunPython.noop),
    ]
