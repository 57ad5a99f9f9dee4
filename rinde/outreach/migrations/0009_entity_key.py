"""The entity key, first half (docs/tenancy.md, steps 2 and 3): the column added nullable
on outreach's top-level models (Channel, Audience, Bulletin, whose exercise is optional,
MediaContact, MediaList) and on its hot table Delivery, then every existing row filed
under the installation's entity (key_migrations).

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


class Migration(migrations.Migration):
    dependencies = [
        ("entity", "0003_slug_is_active_domain"),
        ("outreach", "0008_drop_seed_without_entity"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name.lower(), name="entity", field=_nullable_key())
            for name in MODELS
        ),
        migrations.RunPython(fill_entity_key("outreach", *MODELS), migrations.RunPython.noop),
    ]
