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
    dependencies = [("questions", "0012_entity_key")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="question", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="question",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="accessdenial", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="accessdenial",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="quarterlyreport", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="quarterlyreport",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="quarterlyreportpdf", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="quarterlyreportpdf",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="digestlog", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="digestlog",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.RemoveConstraint(model_name="digestlog", name="triage_digest_once_a_day"),
        migrations.AddConstraint(
            model_name="digestlog",
            constraint=models.UniqueConstraint(
                condition=models.Q(("department__isnull", True)),
                fields=("entity", "day"),
                name="questions_digestlog_triage_day_per_entity",
            ),
        ),
        migrations.RemoveConstraint(model_name="quarterlyreport", name="quarterly_report_once"),
        migrations.AddConstraint(
            model_name="quarterlyreport",
            constraint=models.UniqueConstraint(
                fields=("entity", "year", "quarter"),
                name="questions_quarterlyreport_quarter_per_entity",
            ),
        ),
        migrations.RemoveConstraint(model_name="quarterlyreportpdf", name="quarterly_pdf_once"),
        migrations.AddConstraint(
            model_name="quarterlyreportpdf",
            constraint=models.UniqueConstraint(
                fields=("entity", "year", "quarter"),
                name="questions_quarterlyreportpdf_quarter_per_entity",
            ),
        ),
    ]
