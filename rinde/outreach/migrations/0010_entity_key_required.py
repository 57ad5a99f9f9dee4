"""The entity key, second half: NOT NULL, and the unique rules that now hold within an
entity (docs/tenancy.md, steps 2 and 3): channel and audience names, a bulletin's slug
(its public address), a contact's e-mail in the media directory, a media list's name.

The database gets the NOT NULL without a default (every row was filled by the previous
migration); the state gets the model's default, entity_of_new_row, which the schema
editor would otherwise call while migrating (see the previous migration)."""

import django.db.models.deletion
from django.db import migrations, models

import rinde.entity.models

MODELS = ["channel", "audience", "bulletin", "mediacontact", "medialist", "delivery"]


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
    dependencies = [("outreach", "0009_entity_key")]

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
        migrations.AlterField(
            model_name="channel",
            name="name",
            field=models.CharField(max_length=100, verbose_name="canal"),
        ),
        migrations.AlterField(
            model_name="audience",
            name="name",
            field=models.CharField(max_length=200, verbose_name="público"),
        ),
        migrations.AlterField(
            model_name="bulletin",
            name="slug",
            field=models.SlugField(max_length=120, verbose_name="dirección"),
        ),
        migrations.AlterField(
            model_name="mediacontact",
            name="email",
            field=models.EmailField(max_length=254, verbose_name="correo"),
        ),
        migrations.AlterField(
            model_name="medialist",
            name="name",
            field=models.CharField(max_length=150, verbose_name="nombre"),
        ),
        migrations.AddConstraint(
            model_name="channel",
            constraint=models.UniqueConstraint(
                fields=("entity", "name"), name="outreach_channel_name_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="audience",
            constraint=models.UniqueConstraint(
                fields=("entity", "name"), name="outreach_audience_name_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="bulletin",
            constraint=models.UniqueConstraint(
                fields=("entity", "slug"), name="outreach_bulletin_slug_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="mediacontact",
            constraint=models.UniqueConstraint(
                fields=("entity", "email"), name="outreach_mediacontact_email_per_entity"
            ),
        ),
        migrations.AddConstraint(
            model_name="medialist",
            constraint=models.UniqueConstraint(
                fields=("entity", "name"), name="outreach_medialist_name_per_entity"
            ),
        ),
    ]
