# Written by hand for issue 19, steps 2 and 3 (docs/tenancy.md): the entity key.

import django.db.models.deletion
from django.db import migrations, models

import rinde.entity.key_migrations


class Migration(migrations.Migration):
    """The key added nullable, then every existing row filed under the installation's
    entity. Added without its default: Django would call the default
    (entity_of_new_row, which reads the entity table through today's model) while
    migrating; the next migration gives the field its default in the state only."""

    dependencies = [
        ("entity", "0003_slug_is_active_domain"),
        ("consultations", "0004_neutral_embed_example"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyresponse",
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
            model_name="comment",
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
        migrations.RunPython(
            rinde.entity.key_migrations.fill_entity_key("consultations", "SurveyResponse", "Comment"),
            migrations.RunPython.noop,
        ),
    ]
