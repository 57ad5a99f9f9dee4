import re
import unicodedata

import django.db.models.deletion
from django.db import migrations, models

import rinde.entity.models


def _slugify(name):
    # django.utils.text.slugify as of this migration, copied: a migration must not change
    # when the app's code does.
    value = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")[:80].strip("-") or "entidad"


def give_slugs(apps, schema_editor):
    """Existing entities get a slug from their short name or name ("alcaldia-de-itagui"),
    numbered if two would share one."""
    Entity = apps.get_model("entity", "Entity")
    taken = set()
    for entity in Entity.objects.order_by("pk"):
        base = _slugify(entity.short_name or entity.name)
        slug, number = base, 2
        while slug in taken:
            suffix = f"-{number}"
            slug = base[: 80 - len(suffix)] + suffix
            number += 1
        taken.add(slug)
        entity.slug = slug
        entity.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("entity", "0002_cleaned_logo"),
    ]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="is_active",
            field=models.BooleanField(default=True, verbose_name="activa"),
        ),
        # Added without the unique constraint, filled, then made unique. Without an index
        # too: on PostgreSQL, going from a SlugField's index to unique would create its
        # "_like" index a second time and fail.
        migrations.AddField(
            model_name="entity",
            name="slug",
            field=models.SlugField(
                db_index=False,
                default="",
                max_length=80,
                verbose_name="identificador en la dirección",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="entity",
            name="slug",
            field=models.SlugField(
                max_length=80, unique=True, verbose_name="identificador en la dirección"
            ),
        ),
        migrations.CreateModel(
            name="Domain",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "host",
                    models.CharField(
                        help_text=(
                            "Con el primer dominio guardado, el portal deja de responder en "
                            "cualquier otra dirección: registre también la dirección por la "
                            "que entra ahora."
                        ),
                        max_length=253,
                        unique=True,
                        validators=[rinde.entity.models._check_host],
                        verbose_name="nombre del servidor",
                    ),
                ),
                ("is_primary", models.BooleanField(default=False, verbose_name="principal")),
                (
                    "entity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="domains",
                        to="entity.entity",
                        verbose_name="entidad",
                    ),
                ),
            ],
            options={
                "verbose_name": "dominio",
                "verbose_name_plural": "dominios",
                "ordering": ["host"],
            },
        ),
    ]
