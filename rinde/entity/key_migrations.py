"""What each app's migration that adds the `entity` key runs (docs/tenancy.md, step 3).

An existing single-entity installation upgrades with `migrate` and nothing else: its rows
are filed under its one entity. Rows with no entity yet to own them (a plan imported
before the entity was set up) get a placeholder entity, "Entidad sin configurar", which
the first-run set-up then fills in; an empty installation gets nothing.

Each app adds the key in two migrations: this fill runs in the first, after the nullable
column is added, and the second makes the column NOT NULL. They cannot share one
migration: on PostgreSQL the UPDATE leaves deferred foreign-key checks pending, and an
ALTER TABLE on the same table in the same transaction is refused.
"""

PLACEHOLDER_NAME = "Entidad sin configurar"
PLACEHOLDER_SLUG = "entidad"


def fill_entity_key(app_label: str, *model_names: str):
    """A RunPython function that files every row of the given models, still without an
    entity, under the installation's first entity."""

    def fill(apps, schema_editor) -> None:
        models = [apps.get_model(app_label, name) for name in model_names]
        if not any(model.objects.filter(entity__isnull=True).exists() for model in models):
            return
        entity = _first_entity(apps)
        for model in models:
            model.objects.filter(entity__isnull=True).update(entity=entity)

    return fill


def _first_entity(apps):
    Entity = apps.get_model("entity", "Entity")
    entity = Entity.objects.order_by("pk").first()
    if entity is None:
        slug = PLACEHOLDER_SLUG
        while Entity.objects.filter(slug=slug).exists():
            slug += "-1"
        entity = Entity.objects.create(name=PLACEHOLDER_NAME, slug=slug)
    return entity
