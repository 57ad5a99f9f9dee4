# Written by hand for issue 19, steps 2 and 3 (docs/tenancy.md): the entity key.

import django.db.models.deletion
from django.db import migrations, models

import rinde.entity.models


def _key(default):
    options = {"default": rinde.entity.models.entity_of_new_row} if default else {}
    return models.ForeignKey(
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="entity.entity",
        verbose_name="entidad",
        **options,
    )


class Migration(migrations.Migration):
    """The key made NOT NULL (a separate migration: on PostgreSQL the fill's UPDATE leaves
    deferred foreign-key checks that refuse an ALTER TABLE in the same transaction), with
    its default in the state only (the database never holds it; see the previous
    migration), and the unique rules that now hold per entity."""

    dependencies = [
        ("subscriptions", "0002_entity_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="subscription", name="entity", field=_key(False))
            ],
            state_operations=[
                migrations.AlterField(model_name="subscription", name="entity", field=_key(True))
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="notification", name="entity", field=_key(False))
            ],
            state_operations=[
                migrations.AlterField(model_name="notification", name="entity", field=_key(True))
            ],
        ),
        migrations.RemoveConstraint(
            model_name="subscription",
            name="subscription_once",
        ),
        migrations.AddConstraint(
            model_name="subscription",
            constraint=models.UniqueConstraint(
                fields=("entity", "email", "target"),
                name="subscriptions_subscription_email_target_per_entity",
            ),
        ),
    ]
