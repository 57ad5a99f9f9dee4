# Several exercises may share a year: each is addressed by its slug, the year for the ones
# that exist (their addresses /rendicion/<year>/ stay as they were).

import django.core.validators
from django.db import migrations, models

SLUG_FIELD = dict(
    blank=True,
    help_text="Lo que sigue a /rendicion/ en su dirección pública: el año, o el año y una palabra (2027-infancia). Vacío: el año.",
    max_length=40,
    validators=[
        django.core.validators.RegexValidator(
            "\\A[0-9]{4}(?:-[a-z0-9]+)*\\Z",
            "Escriba el año y, si hace falta, palabras en minúscula unidas por guiones: 2027-infancia.",
        )
    ],
    verbose_name="dirección",
)


def slug_from_year(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for exercise in Exercise.objects.all():
        exercise.slug = str(exercise.year)
        exercise.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0007_private_documents_and_cleaned_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="exercise",
            name="slug",
            field=models.CharField(default="", **SLUG_FIELD),
            preserve_default=False,
        ),
        migrations.RunPython(slug_from_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="exercise",
            name="slug",
            field=models.CharField(unique=True, **SLUG_FIELD),
        ),
        migrations.AlterField(
            model_name="exercise",
            name="year",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(2000),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="año",
            ),
        ),
    ]
