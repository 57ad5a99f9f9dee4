"""The entity key, second half: NOT NULL, and the unique rules that now hold within an
entity (docs/tenancy.md, steps 2 and 3): a plan's slug (its public address), the one
vigente plan, a territory's name per kind, a saved column mapping per file layout.

The database gets the NOT NULL without a default (every row was filled by the previous
migration); the state gets the model's default, entity_of_new_row, which the schema
editor would otherwise call while migrating (see the previous migration)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

import rinde.entity.models

MODELS = ["plan", "territory", "columnmapping", "planfigures", "indicatorvalue"]


def _key(**default):
    return models.ForeignKey(
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="entity.entity",
        verbose_name="entidad",
        **default,
    )


class Migration(migrations.Migration):
    dependencies = [("plan", "0013_entity_key")]

    operations = [
        *(
            migrations.SeparateDatabaseAndState(
                database_operations=[
                    migrations.AlterField(model_name=name, name="entity", field=_key())
                ],
                state_operations=[
                    migrations.AlterField(
                        model_name=name,
                        name="entity",
                        field=_key(default=rinde.entity.models.entity_of_new_row),
                    )
                ],
            )
            for name in MODELS
        ),
        migrations.RemoveConstraint(model_name="plan", name="one_current_plan"),
        migrations.RemoveConstraint(model_name="territory", name="territory_name_per_kind"),
        migrations.RemoveConstraint(model_name="columnmapping", name="column_mapping_once"),
        migrations.AlterField(
            model_name="plan",
            name="slug",
            field=models.SlugField(blank=True, max_length=40, verbose_name="dirección"),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                condition=Q(is_current=True),
                fields=("entity", "is_current"),
                name="plan_plan_is_current_per_entity",
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                fields=("entity", "slug"), name="plan_plan_slug_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="territory",
            constraint=models.UniqueConstraint(
                fields=("entity", "kind", "name"), name="plan_territory_name_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="columnmapping",
            constraint=models.UniqueConstraint(
                fields=("entity", "kind", "signature"),
                name="plan_columnmapping_signature_per_entity",
            ),
        ),
    ]
