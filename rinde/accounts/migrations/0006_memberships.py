"""Memberships (docs/tenancy.md, step 1): what a staff member may do moves from the user
(role, departments) to their membership in an entity. Every staff account of an existing
installation gets one in the installation's first entity, with its role and departments,
so that a single-entity installation works exactly as before; then User.departments goes.
With no entity yet, nothing is copied: the first entity takes the staff accounts when it
is created (accounts.signals)."""

import django.db.models.deletion
import rinde.entity.models
from django.conf import settings
from django.db import migrations, models


def copy_roles_to_memberships(apps, schema_editor):
    entity = apps.get_model("entity", "Entity").objects.order_by("pk").first()
    if entity is None:
        return
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    for user in User.objects.exclude(role="citizen").prefetch_related("departments"):
        membership = Membership.objects.create(user=user, entity=entity, role=user.role)
        membership.departments.set([d for d in user.departments.all() if d.entity_id == entity.pk])


def copy_memberships_to_roles(apps, schema_editor):
    """Back: the first entity's memberships give the users their role and departments."""
    entity = apps.get_model("entity", "Entity").objects.order_by("pk").first()
    if entity is None:
        return
    Membership = apps.get_model("accounts", "Membership")
    for membership in Membership.objects.filter(entity=entity).select_related("user"):
        membership.user.role = membership.role
        membership.user.save(update_fields=["role"])
        membership.user.departments.set(membership.departments.all())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_entity_key_required"),
        ("entity", "0005_entity_key_required"),
    ]

    operations = [
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("admin", "Administrador"),
                            ("ict", "TIC"),
                            ("communications", "Comunicaciones"),
                            ("planning", "Planeación"),
                            ("officer", "Enlace de dependencia"),
                            ("oversight", "Veeduría"),
                        ],
                        max_length=20,
                        verbose_name="rol",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="activa")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "departments",
                    models.ManyToManyField(
                        blank=True,
                        related_name="memberships",
                        to="entity.department",
                        verbose_name="dependencias",
                    ),
                ),
                (
                    "entity",
                    models.ForeignKey(
                        default=rinde.entity.models.entity_of_new_row,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="entity.entity",
                        verbose_name="entidad",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "membresía",
                "verbose_name_plural": "membresías",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("entity", "user"), name="accounts_membership_one_per_entity"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_roles_to_memberships, copy_memberships_to_roles),
        migrations.RemoveField(
            model_name="user",
            name="departments",
        ),
    ]
