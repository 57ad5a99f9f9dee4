"""The entity key, second half: NOT NULL, and the unique rules that now hold within an
entity (docs/tenancy.md, steps 2 and 3).

The database gets the NOT NULL without a default (every row was filled by the previous
migration); the state gets the model's default, entity_of_new_row, which the schema
editor would otherwise call while migrating (see the previous migration)."""

import django.db.models.deletion
from django.db import migrations, models

import rinde.entity.models


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
    dependencies = [("entity", "0004_entity_key")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="department", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="department",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="nonworkingday", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="nonworkingday",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.AlterField(
            model_name="department",
            name="name",
            field=models.CharField(max_length=200, verbose_name="nombre"),
        ),
        migrations.AlterField(
            model_name="department",
            name="code",
            field=models.SlugField(max_length=40, verbose_name="código"),
        ),
        migrations.AlterField(
            model_name="nonworkingday",
            name="date",
            field=models.DateField(verbose_name="fecha"),
        ),
        migrations.AddConstraint(
            model_name="department",
            constraint=models.UniqueConstraint(
                fields=("entity", "name"), name="entity_department_name_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="department",
            constraint=models.UniqueConstraint(
                fields=("entity", "code"), name="entity_department_code_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="nonworkingday",
            constraint=models.UniqueConstraint(
                fields=("entity", "date"), name="entity_nonworkingday_date_per_entity"
            ),
        ),
    ]
