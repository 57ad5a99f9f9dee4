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


# SQLite makes a column NOT NULL (or nullable again, going back) by copying the table into
# a new one and dropping the old, and its triggers with it: those that keep the FTS5 index
# in step (0002) are created again, as 0002 wrote them, and the index rebuilt from the
# copied rows.
SQLITE_TRIGGERS = [
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN"
    " INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
    " END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN"
    " INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_entry BEGIN"
    " INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
    " END",
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]


def sqlite_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_entry'"
        )
        if cursor.fetchall():
            return  # still there (a SQLite that altered the column in place)
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entity_key")]

    operations = [
        # Going back, after the column is nullable again.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers_again),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="searchentry", name="entity", field=_key())
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="entity",
                    field=_key(default=rinde.entity.models.entity_of_new_row),
                )
            ],
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
    ]
