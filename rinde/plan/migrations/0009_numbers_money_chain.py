# The budget chain appropriation ≥ commitments ≥ obligations ≥ payments (plan.money_rules),
# issue 20 item 7: payments above obligations had been accepted on screen and by import.

from django.db import migrations, models
from django.db.models import F, Q


def refuse_broken_rows(apps, schema_editor):
    """Adding the constraints to a table holding rows that break them fails with the
    database's bare error; this names the cuts to fix first (in Django admin, or by a
    correction), instead of inventing figures for them."""
    ProjectProgress = apps.get_model("plan", "ProjectProgress")
    broken = ProjectProgress.objects.filter(
        Q(obligations__gt=F("commitments")) | Q(payments__gt=F("obligations"))
    ).values_list("report_id", "project__code", "commitments", "obligations", "payments")[:20]
    if broken:
        lines = "\n".join(
            f"  report {r} project {code}: commitments {c}, obligations {o}, payments {p}"
            for r, code, c, o, p in broken
        )
        raise RuntimeError(
            "Some cuts break commitments ≥ obligations ≥ payments; fix them before "
            f"migrating (first 20):\n{lines}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0008_private_evidence_until_approved"),
    ]

    operations = [
        migrations.RunPython(refuse_broken_rows, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="projectprogress",
            name="payments_within_commitments",
        ),
        migrations.AddConstraint(
            model_name="projectprogress",
            constraint=models.CheckConstraint(
                condition=models.Q(("obligations__lte", models.F("commitments"))),
                name="obligations_within_commitments",
            ),
        ),
        migrations.AddConstraint(
            model_name="projectprogress",
            constraint=models.CheckConstraint(
                condition=models.Q(("payments__lte", models.F("obligations"))),
                name="payments_within_obligations",
            ),
        ),
    ]
