"""The full-text index beside search_entry, one per database: on PostgreSQL a Spanish text
search configuration that also ignores accents (unaccent, created by core 0002) and a
generated tsvector column with a GIN index; on SQLite an FTS5 table over the same rows, kept
in step by triggers. Neither is an ORM field: rinde.search.query reads them in SQL."""

from django.db import migrations

POSTGRESQL = [
    "CREATE TEXT SEARCH CONFIGURATION rinde_es (COPY = pg_catalog.spanish)",
    # Accents off first, then the Spanish stemmer: "participacion" meets "Participación".
    "ALTER TEXT SEARCH CONFIGURATION rinde_es"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem",
    # The title weighs more than the body (A over B) in the ranking.
    "ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('rinde_es'::regconfig, coalesce(title, '')), 'A')"
    " || setweight(to_tsvector('rinde_es'::regconfig, coalesce(body, '')), 'B')) STORED",
    "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX search_entry_document",
    "ALTER TABLE search_entry DROP COLUMN document",
    "DROP TEXT SEARCH CONFIGURATION rinde_es",
]

SQLITE = [
    # unicode61 folds case; remove_diacritics 2 folds accents, ñ included.
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5(title, body, content='search_entry',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
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
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_entry_fts_update",
    "DROP TRIGGER search_entry_fts_delete",
    "DROP TRIGGER search_entry_fts_insert",
    "DROP TABLE search_entry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("core", "0002_unaccent")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
