# Written by hand for issue 19, steps 2 and 3 (docs/tenancy.md): the entity key.

import django.core.validators
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
        ("exercises", "0010_entity_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="exercise", name="entity", field=_key(False))
            ],
            state_operations=[
                migrations.AlterField(model_name="exercise", name="entity", field=_key(True))
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="oversightcommittee", name="entity", field=_key(False))
            ],
            state_operations=[
                migrations.AlterField(model_name="oversightcommittee", name="entity", field=_key(True))
            ],
        ),
        migrations.AlterField(
            model_name="exercise",
            name="slug",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Lo que sigue a /rendicion/ en su dirección pública: el año, o el año y "
                    "una palabra (2027-infancia). Vacío: el año."
                ),
                max_length=40,
                validators=[
                    django.core.validators.RegexValidator(
                        "\\A[0-9]{4}(?:-[a-z0-9]+)*\\Z",
                        "Escriba el año y, si hace falta, palabras en minúscula unidas por "
                        "guiones: 2027-infancia.",
                    )
                ],
                verbose_name="dirección",
            ),
        ),
        migrations.AlterField(
            model_name="oversightcommittee",
            name="name",
            field=models.CharField(max_length=200, verbose_name="nombre"),
        ),
        migrations.AddConstraint(
            model_name="exercise",
            constraint=models.UniqueConstraint(
                fields=("entity", "slug"), name="exercises_exercise_slug_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="oversightcommittee",
            constraint=models.UniqueConstraint(
                fields=("entity", "name"), name="exercises_oversightcommittee_name_per_entity"
            ),
        ),
    ]
