"""The entity key, first half (docs/tenancy.md, steps 2 and 3): the column added nullable,
then every existing row filed under the installation's entity (key_migrations).

The column is added without its default: Django's schema editor computes a callable
default once while migrating (effective_default), and entity_of_new_row() would read the
Entity table through today's model, which a later migration may have changed. The
default comes with the NOT NULL in the next migration, in the state only."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from rinde.entity.key_migrations import fill_entity_key

# Going back drops the column, which SQLite does for a foreign key by copying the table and
# dropping the old one with its triggers: 0004 holds the triggers and creates them again.
sqlite_triggers_again = importlib.import_module(
    "rinde.search.migrations.0004_entity_key_required"
).sqlite_triggers_again


class Migration(migrations.Migration):
    dependencies = [
        ("entity", "0003_slug_is_active_domain"),
        ("search", "0002_fulltext"),
    ]

    operations = [
        # Going back, after the column is dropped.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers_again),
        migrations.AddField(
            model_name="searchentry",
            name="entity",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="entity.entity",
                verbose_name="entidad",
            ),
        ),

        migrations.RunPython(fill_entity_key("search", "SearchEntry"), migrations.RunPython.noop),
    ]
