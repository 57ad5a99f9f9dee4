"""The entity key, first half (docs/tenancy.md, steps 2 and 3): the column added nullable,
then every existing row filed under the installation's entity (key_migrations).

The column is added without its default: Django's schema editor computes a callable
default once while migrating (effective_default), and entity_of_new_row() would read the
Entity table through today's model, which a later migration may have changed. The
default comes with the NOT NULL in the next migration, in the state only."""

import django.db.models.deletion
from django.db import migrations, models

from rinde.entity.key_migrations import fill_entity_key


class Migration(migrations.Migration):
    dependencies = [
        ("entity", "0003_slug_is_active_domain"),
        ("questions", "0011_question_exercise_newest"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
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
        migrations.AddField(
            model_name="accessdenial",
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
        migrations.AddField(
            model_name="quarterlyreport",
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
        migrations.AddField(
            model_name="quarterlyreportpdf",
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
        migrations.AddField(
            model_name="digestlog",
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

        migrations.RunPython(fill_entity_key("questions", "Question", "AccessDenial", "QuarterlyReport", "QuarterlyReportPdf", "DigestLog"), migrations.RunPython.noop),
    ]
