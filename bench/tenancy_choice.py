"""Issue 19, item 1: row-level tenancy or schema-per-entity, measured side by side.

Both layouts are built on the local PostgreSQL from Rinde's real schema, in databases of
their own (`rinde_tenancy_rows`, `rinde_tenancy_schemas`, dropped at the end, and dropped
first if a crashed run left them):

1. `manage.py migrate` into a schema `template` and `load_demo` into it: one entity with
   the demo's volume (its questions, plan, surveys, evaluation answers ... every table).
2. Schema-per-entity: `pg_dump --schema-only` of `template`, replayed once per entity
   into its own schema (what django-tenants' schema cloning does), then the demo's rows
   copied into it. Every Rinde table lives in each schema: an upper bound, since users,
   sessions and the task queue would be shared tables in `public` under django-tenants.
3. Row-level: the same tables once, each with an `entity_id` column; every unique
   constraint and btree index gets `entity_id` in front; the demo's rows copied once per
   entity with their keys shifted (id + entity × 1,000,000). Foreign keys are added
   NOT VALID after the load (checked for new rows, not re-checked for the copied ones).

Then, for each layout, in the same run: the time to create one more entity, to apply a
release to every entity (ADD COLUMN and CREATE INDEX), the catalogue's size, one entity's
backup, and the latency of three of Rinde's pages' queries for a random entity (the
public question list, the plan overview, two staff counts): p50/p99 over many runs, with
`SET search_path` for the schemas and `WHERE entity_id = …` for the rows.

    .venv/bin/python bench/tenancy_choice.py            # 1,000 entities (about an hour
                                                        # on a busy 2-core machine, most of
                                                        # it building 1,000 schemas)
    .venv/bin/python bench/tenancy_choice.py --quick    # 100 entities, 300 runs

Only one run at a time: a run starts by dropping both databases.

Figures for information (docs/tenancy.md records them and the decision); not in
`make bench`'s list.
"""

# The SQL here is built from this script's own identifiers and integers, never from input;
# the random numbers pick entities to measure.
# ruff: noqa: S608, S311
import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("TENANCY_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("TENANCY_REDIS_URL", "redis://127.0.0.1:6379/15")
ROWS_DB = "rinde_tenancy_rows"
SCHEMAS_DB = "rinde_tenancy_schemas"
TEMPLATE = "template"
# Row-level copies shift every primary and foreign key by entity × STRIDE so that ids stay
# unique across entities, as they would with one sequence per table.
STRIDE = 1_000_000
# Tables a release touches in the migration figures: the questions (small per entity)
# and the survey answers' link table (the demo's biggest).
PGBOUNCER_PORT = int(os.environ.get("TENANCY_PGBOUNCER_PORT", "6439"))
RELEASE_TABLES = {
    "questions_question": "received_on, status",
    "consultations_surveyresponse_options": "surveyoption_id, surveyresponse_id",
}


def connect(database: str, server: str = SERVER) -> psycopg.Connection:
    # No server-side prepared statements, as Django's backend opens its connections:
    # psycopg would otherwise prepare the schemas' identical query texts after 5 runs.
    return psycopg.connect(f"{server}/{database}", autocommit=True, prepare_threshold=None)


def schema_name(n: int) -> str:
    return f"e{n:04d}"


def elapsed(start: float) -> float:
    return time.perf_counter() - start


def drop_databases() -> None:
    with connect("postgres") as conn:
        for database in (ROWS_DB, SCHEMAS_DB):
            # FORCE ends the connections to these two databases only (this bench's own).
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


# -- 1. The template: Rinde's schema and the demo, in one schema --------------------------


def build_template(var_dir: str) -> dict:
    with connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {SCHEMAS_DB}")
    with connect(SCHEMAS_DB) as conn:
        conn.execute(f"CREATE SCHEMA {TEMPLATE}")
        # Extensions are shared by every schema (django-tenants keeps them in public).
        conn.execute("CREATE EXTENSION unaccent SCHEMA public")
    env = manage_env(TEMPLATE, var_dir)
    start = time.perf_counter()
    manage(["migrate", "-v0"], env)
    migrate_seconds = elapsed(start)
    manage(["load_demo", "--quiet-accounts"], env)
    return {"migrate_seconds": migrate_seconds}


def manage_env(schema: str, var_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{SCHEMAS_DB}",
        "REDIS_URL": REDIS_URL,
        "RINDE_VAR_DIR": var_dir,
        # libpq reads PGOPTIONS: Django then creates and reads its tables in `schema`.
        "PGOPTIONS": f"-c search_path={schema},public",
    }


def manage(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def template_statements() -> list[str]:
    """The template schema's DDL as single statements, without the dump's session SETs."""
    dump = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-n", TEMPLATE]
        + ["-d", f"{SERVER}/{SCHEMAS_DB}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in dump.splitlines() if not line.startswith(("--", "\\"))]
    statements = []
    for statement in "\n".join(lines).split(";\n"):
        statement = statement.strip().removesuffix(";")
        if statement and not statement.startswith(
            ("SET ", "SELECT pg_catalog.set_config", "CREATE SCHEMA")
        ):
            statements.append(statement)
    return statements


def schema_script(statements: list[str], schema: str) -> str:
    """One entity's schema as one script (one round trip, as a server-side clone would)."""
    return ";\n".join([f"CREATE SCHEMA {schema}", *(in_schema(s, schema) for s in statements)])


def copy_statements(columns: dict, schema: str) -> list[str]:
    statements = []
    for table, cols in columns.items():
        names = ", ".join(f'"{c}"' for c, _ in cols)
        statements.append(
            f"INSERT INTO {schema}.{table} ({names}) SELECT {names} FROM {TEMPLATE}.{table}"
        )
    return statements


def in_schema(statement: str, schema: str) -> str:
    return re.sub(rf"\b{TEMPLATE}\.", f"{schema}.", statement)


def table_columns(conn: psycopg.Connection) -> dict[str, list[tuple[str, bool]]]:
    """Each template table's stored columns, with whether the column is a primary or
    foreign key of integer type (shifted in the row-level copy)."""
    keys = {
        (table, column)
        for table, column in conn.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
            WHERE c.connamespace = %s::regnamespace AND c.contype IN ('p', 'f')
              AND a.atttypid IN ('integer'::regtype, 'bigint'::regtype)
            """,
            [TEMPLATE],
        )
    }
    columns: dict[str, list[tuple[str, bool]]] = {}
    for table, column in conn.execute(
        """
        SELECT c.relname, a.attname FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum
        """,
        [TEMPLATE],
    ):
        qualified = f"{TEMPLATE}.{table}"
        columns.setdefault(table, []).append((column, (qualified, column) in keys))
    return columns


# -- 2. Schema-per-entity ----------------------------------------------------------------


def build_schemas(statements: list[str], columns: dict, entities: int) -> dict:
    ddl_seconds, copy_seconds = [], []
    with connect(SCHEMAS_DB) as conn:
        for n in range(1, entities + 1):
            schema = schema_name(n)
            start = time.perf_counter()
            with conn.transaction():
                conn.execute(schema_script(statements, schema))
            ddl_seconds.append(elapsed(start))
            start = time.perf_counter()
            with conn.transaction():
                # Replica mode skips the foreign-key triggers: the rows are a consistent copy.
                conn.execute("SET LOCAL session_replication_role = replica")
                conn.execute(";\n".join(copy_statements(columns, schema)))
            copy_seconds.append(elapsed(start))
            if n % 100 == 0:
                print(f"  schemas: {n} entities built", flush=True)
        conn.execute("ANALYZE")
    return {"ddl_seconds": ddl_seconds, "copy_seconds": sum(copy_seconds)}


# -- 3. Row-level ------------------------------------------------------------------------


def row_level_ddl(
    statements: list[str], shifted_pk_tables: set[str]
) -> tuple[list[str], list[str], set[str]]:
    """The template's DDL for one shared set of tables with an entity key: what runs
    before the load (tables, identities, text search) and after it (keys, indexes)."""
    before, after = [], []
    keyed_tables = set()
    for statement in statements:
        statement = in_schema(statement, "public")
        if statement.startswith("CREATE TABLE"):
            before.append(statement.replace("(\n", "(\n    entity_id integer NOT NULL,\n", 1))
        elif "PRIMARY KEY" in statement:
            table = re.search(r"ONLY public\.(\w+)", statement).group(1)
            if table not in shifted_pk_tables:
                # A text or UUID key (sessions, task results) repeats across the copies.
                statement = statement.replace("PRIMARY KEY (", "PRIMARY KEY (entity_id, ", 1)
            after.append(statement)
        elif " UNIQUE (" in statement:
            after.append(statement.replace(" UNIQUE (", " UNIQUE (entity_id, ", 1))
            keyed_tables.add(re.search(r"ONLY public\.(\w+)", statement).group(1))
        elif "FOREIGN KEY" in statement:
            after.append(statement + " NOT VALID")
        elif statement.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")):
            if "USING btree (" in statement:
                statement = statement.replace("USING btree (", "USING btree (entity_id, ", 1)
                keyed_tables.add(re.search(r" ON public\.(\w+)", statement).group(1))
            after.append(statement)
        else:
            before.append(statement)
    return before, after, keyed_tables


def build_rows(statements: list[str], columns: dict, entities: int) -> dict:
    # The rows database starts as a copy of the template's (the demo in schema `template`).
    with connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {ROWS_DB} TEMPLATE {SCHEMAS_DB}")
    shifted_pk_tables = {
        table
        for table, cols in columns.items()
        if any(c == "id" and shifted for c, shifted in cols)
    }
    before, after, keyed_tables = row_level_ddl(statements, shifted_pk_tables)
    with connect(ROWS_DB) as conn:
        for statement in before:
            conn.execute(statement)
        start = time.perf_counter()
        for table, cols in columns.items():
            names = ", ".join(f'"{c}"' for c, _ in cols)
            values = ", ".join(
                f'"{c}" + e.n * {STRIDE}::bigint' if shifted else f'"{c}"' for c, shifted in cols
            )
            conn.execute(
                f"INSERT INTO public.{table} (entity_id, {names}) SELECT e.n, {values} "
                f"FROM {TEMPLATE}.{table} CROSS JOIN generate_series(1, {entities}) AS e(n)"
            )
        load_seconds = elapsed(start)
        start = time.perf_counter()
        for statement in after:
            conn.execute(statement)
        for table in columns:
            if table not in keyed_tables:
                conn.execute(f"CREATE INDEX {table[:50]}_entity ON public.{table} (entity_id)")
        index_seconds = elapsed(start)
        conn.execute("ANALYZE")
    return {"load_seconds": load_seconds, "index_seconds": index_seconds}


# -- 4. The pages' queries ---------------------------------------------------------------


class Page:
    """One page's queries for entity n, as Rinde's views send them (captured with
    CaptureQueriesContext from /rendicion/2023/preguntas/ and /plan/), in either layout."""

    def __init__(self, facts: dict):
        self.facts = facts

    def run(self, cursor: psycopg.Cursor, n: int, rows: bool) -> None:
        if rows:
            offset = n * STRIDE

            def scope(table: str) -> str:
                return f"{table}.entity_id = {n} AND "
        else:
            offset = 0
            cursor.execute(f"SET search_path TO {schema_name(n)}, public")

            def scope(table: str) -> str:
                return ""

        self.queries(cursor, scope, offset)


class QuestionList(Page):
    name = "public question list"

    def queries(self, cursor, scope, offset):
        q, d = "questions_question", "entity_department"
        cursor.execute(
            "SELECT id, year, slug, title, starts_on, ends_on, is_published "
            f"FROM exercises_exercise WHERE {scope('exercises_exercise')}is_published "
            f"AND slug = '{self.facts['exercise_slug']}' LIMIT 21"
        )
        exercise = cursor.fetchone()[0]
        live = (
            f"{scope(q)}NOT ({q}.status IN ('rejected', 'merged')) AND {q}.exercise_id = {exercise}"
        )
        answered = f"{q}.status IN ('answered', 'at_hearing')"
        for sql in (
            f"SELECT DISTINCT topic FROM {q} WHERE {live} AND NOT topic = '' ORDER BY 1",
            f"SELECT COUNT(*) FROM {q} WHERE {live}",
            f"SELECT COUNT(id), COUNT(id) FILTER (WHERE {answered}), "
            f"COUNT(id) FILTER (WHERE {answered} AND answered_on <= current_due_on), "
            "COUNT(id) FILTER (WHERE status IN ('received', 'assigned', 'in_review') "
            f"AND current_due_on < CURRENT_DATE) FROM {q} WHERE {live}",
            f"SELECT term_starts_after, answered_on FROM {q} WHERE {live} AND {answered} "
            "AND answered_on IS NOT NULL ORDER BY received_at DESC",
            f"SELECT {d}.name, COUNT({q}.id), COUNT({q}.id) FILTER (WHERE {answered}) "
            f"FROM {q} JOIN {d} ON {q}.department_id = {d}.id "
            f"WHERE {live} AND {q}.department_id IS NOT NULL GROUP BY 1 ORDER BY 1",
            f"SELECT id, name, code, kind, head_name, email, is_active FROM {d} "
            f"WHERE {scope(d)}is_active ORDER BY name",
        ):
            cursor.execute(sql)
            cursor.fetchall()
        cursor.execute(
            f"SELECT {q}.*, exercises_exercise.*, {d}.* FROM {q} "
            f"JOIN exercises_exercise ON {q}.exercise_id = exercises_exercise.id "
            f"LEFT JOIN {d} ON {q}.department_id = {d}.id "
            f"WHERE {live} ORDER BY {q}.received_at DESC LIMIT 20"
        )
        ids = ", ".join(str(row[0]) for row in cursor.fetchall()) or "0"
        cursor.execute(
            "SELECT id, question_id, version, body, published_at FROM questions_answer "
            f"WHERE {scope('questions_answer')}state = 'published' AND question_id IN ({ids}) "
            "ORDER BY version"
        )
        cursor.fetchall()


class PlanOverview(Page):
    name = "plan overview"

    def queries(self, cursor, scope, offset):
        plan = self.facts["plan_id"] + offset
        period = self.facts["period"]
        f, d = "plan_planfigures", "entity_department"
        for sql in (
            f"SELECT * FROM plan_plan {where(scope('plan_plan'))} ORDER BY start_year DESC, id DESC",
            "SELECT DISTINCT period FROM plan_progressreport WHERE "
            f"{scope('plan_progressreport')}plan_id = {plan} AND state = 'approved' ORDER BY 1",
            f"SELECT * FROM {f} WHERE {scope(f)}plan_id = {plan} AND scope = 'plan' "
            f"AND period = '{period}' ORDER BY id LIMIT 1",
            f"SELECT {f}.department_id, {d}.name, progress, appropriation, commitments, "
            f"payments, expected FROM {f} JOIN {d} ON {f}.department_id = {d}.id "
            f"WHERE {scope(f)}{f}.department_id IS NOT NULL AND period = '{period}' "
            f"AND plan_id = {plan} ORDER BY 2",
            f"SELECT id, name FROM plan_territory {where(scope('plan_territory'))} "
            "ORDER BY kind, name",
            f"SELECT year FROM plan_actionplan WHERE {scope('plan_actionplan')}plan_id = {plan} "
            "AND state = 'published' ORDER BY 1 DESC",
            f"SELECT * FROM plan_strategicline WHERE {scope('plan_strategicline')}"
            f"plan_id = {plan} ORDER BY code",
            f"SELECT period, progress FROM {f} WHERE {scope(f)}period <= '{period}' "
            f"AND plan_id = {plan} AND scope = 'plan' ORDER BY 1",
        ):
            cursor.execute(sql)
            cursor.fetchall()


class StaffCounts(Page):
    name = "staff counts"

    def queries(self, cursor, scope, offset):
        survey = self.facts["survey_id"] + offset
        r = "consultations_surveyresponse"
        for sql in (
            f"SELECT COUNT(*) FROM {r} WHERE {scope(r)}survey_id = {survey}",
            "SELECT department_id, COUNT(*) FROM questions_question WHERE "
            f"{scope('questions_question')}status IN ('received', 'assigned', 'in_review') "
            "GROUP BY 1",
        ):
            cursor.execute(sql)
            cursor.fetchall()


def where(condition: str) -> str:
    return f"WHERE {condition.removesuffix(' AND ')}" if condition else ""


def template_facts() -> dict:
    with connect(SCHEMAS_DB) as conn:
        conn.execute(f"SET search_path TO {TEMPLATE}, public")
        plan_id = conn.execute("SELECT id FROM plan_plan WHERE is_current").fetchone()[0]
        return {
            "exercise_slug": conn.execute(
                "SELECT x.slug FROM exercises_exercise x JOIN questions_question q "
                "ON q.exercise_id = x.id WHERE x.is_published GROUP BY 1 ORDER BY COUNT(*) DESC "
                "LIMIT 1"
            ).fetchone()[0],
            "plan_id": plan_id,
            "period": conn.execute(
                "SELECT max(period) FROM plan_progressreport WHERE plan_id = %s "
                "AND state = 'approved'",
                [plan_id],
            ).fetchone()[0],
            "survey_id": conn.execute(
                "SELECT survey_id FROM consultations_surveyresponse GROUP BY 1 "
                "ORDER BY COUNT(*) DESC LIMIT 1"
            ).fetchone()[0],
        }


def measure_latency(pages: list[Page], entities: int, runs: int) -> dict:
    """Each run picks a random entity and runs every page in both layouts (their order
    alternating), on one long-lived connection per layout: milliseconds per page."""
    rng = random.Random(19)
    samples = {(layout, page.name): [] for layout in ("rows", "schemas") for page in pages}
    conns = {"rows": connect(ROWS_DB), "schemas": connect(SCHEMAS_DB)}
    try:
        for run in range(runs):
            n = rng.randint(1, entities)
            layouts = ("rows", "schemas") if run % 2 else ("schemas", "rows")
            for layout in layouts:
                cursor = conns[layout].cursor()
                for page in pages:
                    start = time.perf_counter()
                    page.run(cursor, n, rows=layout == "rows")
                    samples[layout, page.name].append(elapsed(start) * 1000)
        memory = {
            layout: conn.execute(
                "SELECT sum(total_bytes) FROM pg_backend_memory_contexts"
            ).fetchone()[0]
            for layout, conn in conns.items()
        }
    finally:
        for conn in conns.values():
            conn.close()
    return {"samples": samples, "backend_bytes": memory}


def measure_cold(pages: list[Page], entities: int, connections: int) -> dict:
    """The first page a new connection serves (an empty catalogue cache in the backend):
    milliseconds for the question list, connecting excluded."""
    rng = random.Random(1102)
    samples = {"rows": [], "schemas": []}
    for _ in range(connections):
        n = rng.randint(1, entities)
        for layout, database in (("rows", ROWS_DB), ("schemas", SCHEMAS_DB)):
            with connect(database) as conn:
                start = time.perf_counter()
                pages[0].run(conn.cursor(), n, rows=layout == "rows")
                samples[layout].append(elapsed(start) * 1000)
    return samples


# -- 5. Entity creation, releases, catalogue, backups ------------------------------------


def measure_new_entity(statements: list[str], entities: int) -> dict:
    """One more entity: its schema from the DDL (schemas) or its row (rows)."""
    schema_seconds, row_seconds = [], []
    with connect(SCHEMAS_DB) as conn:
        for k in range(5):
            schema = f"new{k}"
            start = time.perf_counter()
            with conn.transaction():
                conn.execute(schema_script(statements, schema))
            schema_seconds.append(elapsed(start))
        for k in range(5):
            conn.execute(f"DROP SCHEMA new{k} CASCADE")
    with connect(ROWS_DB) as conn:
        columns = [
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "'public' AND table_name = 'entity_entity' AND column_name NOT IN "
                "('entity_id', 'id')"
            )
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        for k in range(1, 21):
            n = entities + k
            start = time.perf_counter()
            conn.execute(
                f"INSERT INTO public.entity_entity (entity_id, id, {names}) "
                f"SELECT {n}, {n * STRIDE + 1}, {names} FROM public.entity_entity "
                "WHERE entity_id = 1"
            )
            row_seconds.append(elapsed(start))
        conn.execute(f"DELETE FROM public.entity_entity WHERE entity_id > {entities}")
    return {"schema_seconds": schema_seconds, "row_seconds": row_seconds}


def measure_noop_migrate(var_dir: str, schemas: int) -> list[float]:
    """What migrate_schemas adds per schema before any DDL: Django's migration loader and
    its check of django_migrations, in one process, schema after schema."""
    script = (
        "import json, sys, time\n"
        "import django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "from django.db import connection\n"
        "times = []\n"
        "for schema in sys.argv[1:]:\n"
        "    connection.cursor().execute(f'SET search_path TO {schema}, public')\n"
        "    start = time.perf_counter()\n"
        "    call_command('migrate', verbosity=0, interactive=False)\n"
        "    times.append(time.perf_counter() - start)\n"
        "print(json.dumps(times))\n"
    )
    env = manage_env(TEMPLATE, var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "rinde.settings"
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", script, *[schema_name(n) for n in range(1, schemas + 1)]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [float(x) for x in out.strip().splitlines()[-1].strip("[]").split(",")]


def measure_release(entities: int) -> dict:
    """A release's DDL: a nullable column and an index on two tables, for every entity."""
    figures = {}
    with connect(SCHEMAS_DB) as conn:
        for step in ("column", "index"):
            start = time.perf_counter()
            for n in range(1, entities + 1):
                with conn.transaction():
                    for table, index_columns in RELEASE_TABLES.items():
                        target = f"{schema_name(n)}.{table}"
                        if step == "column":
                            conn.execute(f"ALTER TABLE {target} ADD COLUMN tenancy_flag boolean")
                        else:
                            conn.execute(f"CREATE INDEX ON {target} ({index_columns})")
            figures["schemas", step] = elapsed(start)
    with connect(ROWS_DB) as conn:
        for step in ("column", "index"):
            start = time.perf_counter()
            with conn.transaction():
                for table, index_columns in RELEASE_TABLES.items():
                    if step == "column":
                        conn.execute(f"ALTER TABLE public.{table} ADD COLUMN tenancy_flag boolean")
                    else:
                        conn.execute(f"CREATE INDEX ON public.{table} (entity_id, {index_columns})")
            figures["rows", step] = elapsed(start)
    return figures


def measure_backup(entities: int, columns: dict) -> dict:
    """One entity's data out: pg_dump of its schema, or a COPY per table of its rows."""
    n = entities // 2 or 1
    start = time.perf_counter()
    dump = subprocess.run(
        ["pg_dump", "-Fc", "-n", schema_name(n), "-d", f"{SERVER}/{SCHEMAS_DB}"],
        capture_output=True,
        check=True,
    ).stdout
    schema_seconds = elapsed(start)
    copied = 0
    start = time.perf_counter()
    with connect(ROWS_DB) as conn, conn.cursor() as cursor:
        for table in columns:
            with cursor.copy(
                f"COPY (SELECT * FROM public.{table} WHERE entity_id = {n}) TO STDOUT"
            ) as copy:
                for block in copy:
                    copied += len(block)
    rows_seconds = elapsed(start)
    return {
        "schema_seconds": schema_seconds,
        "schema_bytes": len(dump),
        "rows_seconds": rows_seconds,
        "rows_bytes": copied,
    }


def measure_whole_dump() -> dict:
    """`pg_dump --schema-only` of each whole database: it locks every table it dumps."""
    results = {}
    for layout, database in (("rows", ROWS_DB), ("schemas", SCHEMAS_DB)):
        start = time.perf_counter()
        done = subprocess.run(
            ["pg_dump", "--schema-only", "-d", f"{SERVER}/{database}"],
            capture_output=True,
            text=True,
        )
        error = done.stderr.strip().splitlines()[-1] if done.returncode else ""
        results[layout] = (elapsed(start), done.returncode == 0, error)
    return results


def measure_pgbouncer() -> list[str]:
    """Four clients through PgBouncer in transaction mode with a pool of two server
    connections, each client working for its own entity: which schema each query saw,
    with a session `SET search_path` once per client, then with `SET LOCAL` in every
    transaction."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        return ["pgbouncer not installed (apt-get install pgbouncer): not measured"]
    lines = [
        subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    ]
    with tempfile.TemporaryDirectory(prefix="rinde-pgbouncer-") as folder:
        Path(folder).chmod(0o755)
        config = Path(folder, "pgbouncer.ini")
        Path(folder, "users.txt").write_text('"postgres" ""\n')
        config.write_text(
            f"[databases]\n{SCHEMAS_DB} = host=127.0.0.1 port=5432 dbname={SCHEMAS_DB}\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {PGBOUNCER_PORT}\n"
            f"unix_socket_dir =\nauth_type = trust\nauth_file = {folder}/users.txt\n"
            "pool_mode = transaction\ndefault_pool_size = 2\n"
        )
        for path in Path(folder).iterdir():
            path.chmod(0o644)
        # PgBouncer refuses to run as root: -u drops to the postgres user.
        command = [binary, str(config)]
        if os.geteuid() == 0:
            command[1:1] = ["-u", "postgres"]
        # It logs to stderr: kept out of the figures.
        bouncer = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        try:
            server = f"postgres://postgres@127.0.0.1:{PGBOUNCER_PORT}"
            for _ in range(50):
                try:
                    connect(SCHEMAS_DB, server).close()
                    break
                except psycopg.OperationalError:
                    time.sleep(0.1)
            clients = {schema_name(n): connect(SCHEMAS_DB, server) for n in range(1, 5)}
            rng = random.Random(6432)
            for mode in ("SET once per client", "SET LOCAL per transaction"):
                if mode.startswith("SET once"):
                    for schema, client in clients.items():
                        client.execute(f"SET search_path TO {schema}, public")
                wrong = total = 0
                for _ in range(200):
                    schema, client = rng.choice(list(clients.items()))
                    with client.transaction():
                        if mode.startswith("SET LOCAL"):
                            client.execute(f"SET LOCAL search_path TO {schema}, public")
                        seen = client.execute("SELECT current_schema()").fetchone()[0]
                    total += 1
                    wrong += seen != schema
                lines.append(f"{mode}: {wrong} of {total} queries ran in another schema")
            for client in clients.values():
                client.close()
        finally:
            bouncer.terminate()
            bouncer.wait()
    return lines


def measure_catalogue() -> dict:
    figures = {}
    for layout, database in (("rows", ROWS_DB), ("schemas", SCHEMAS_DB)):
        with connect(database) as conn:
            figures[layout] = conn.execute(
                """
                SELECT (SELECT count(*) FROM pg_class),
                       (SELECT count(*) FROM pg_attribute),
                       (SELECT sum(pg_total_relation_size(oid)) FROM pg_class
                        WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r'),
                       pg_database_size(current_database())
                """
            ).fetchone()
    return figures


def drop_template() -> None:
    for database in (ROWS_DB, SCHEMAS_DB):
        with connect(database) as conn:
            # No VACUUM after it: the catalogue's files keep their size either way, and on
            # 1,000 schemas it took over 5 minutes.
            conn.execute(f"DROP SCHEMA {TEMPLATE} CASCADE")


# -- Report ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def megabytes(value: float) -> str:
    return f"{value / 1024 / 1024:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 entities, fewer runs")
    parser.add_argument("--entities", type=int, help="how many entities (default 1,000)")
    parser.add_argument("--runs", type=int, help="latency runs per page and layout")
    args = parser.parse_args()
    entities = args.entities or (100 if args.quick else 1000)
    runs = args.runs or (300 if args.quick else 1000)
    started = time.perf_counter()
    print(
        f"tenancy_choice: {entities} entities, {runs} latency runs; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {platform.node()}, {os.cpu_count()} cores; "
        + " ".join(["load average", *Path("/proc/loadavg").read_text().split()[:3]])
    )
    drop_databases()
    try:
        with tempfile.TemporaryDirectory(prefix="rinde-tenancy-") as var_dir:
            template = build_template(var_dir)
            statements = template_statements()
            with connect(SCHEMAS_DB) as conn:
                columns = table_columns(conn)
                demo_rows = sum(
                    conn.execute(f"SELECT count(*) FROM {TEMPLATE}.{table}").fetchone()[0]
                    for table in columns
                )
            print(
                f"template: {len(columns)} tables, {len(statements)} DDL statements, "
                f"{demo_rows:,} demo rows per entity; migrate into an empty schema "
                f"{template['migrate_seconds']:.1f} s (manage.py, Python start included)"
            )
            facts = template_facts()
            rows = build_rows(statements, columns, entities)
            print(
                f"rows built: load {rows['load_seconds']:.1f} s, "
                f"keys and indexes {rows['index_seconds']:.1f} s"
            )
            schemas = build_schemas(statements, columns, entities)
            print(
                f"schemas built: DDL {sum(schemas['ddl_seconds']):.1f} s, "
                f"data {schemas['copy_seconds']:.1f} s"
            )
            noop = measure_noop_migrate(var_dir, min(10, entities))
            new = measure_new_entity(statements, entities)
            backup = measure_backup(entities, columns)
        drop_template()
        pages = [QuestionList(facts), PlanOverview(facts), StaffCounts(facts)]
        for layout in ("rows", "schemas"):  # warm both caches alike before measuring
            with connect(ROWS_DB if layout == "rows" else SCHEMAS_DB) as conn:
                for page in pages:
                    page.run(conn.cursor(), 1, rows=layout == "rows")
        latency = measure_latency(pages, entities, runs)
        cold = measure_cold(pages, entities, 50 if entities >= 50 else entities)
        catalogue = measure_catalogue()
        release = measure_release(entities)
        whole_dump = measure_whole_dump()
        pgbouncer = measure_pgbouncer()
    finally:
        drop_databases()

    print(f"\n== {entities} entities, figures (rows = row-level, schemas = schema-per-entity)")
    print("new entity:")
    print(
        f"  rows    INSERT of its entity row: p50 {statistics.median(new['row_seconds']) * 1000:.2f} ms"
    )
    print(
        f"  schemas its schema from the DDL ({len(statements)} statements): "
        f"p50 {statistics.median(new['schema_seconds']) * 1000:.0f} ms; over the build's "
        f"{entities}: p50 {statistics.median(schemas['ddl_seconds']) * 1000:.0f} ms, "
        f"max {max(schemas['ddl_seconds']) * 1000:.0f} ms"
    )
    print(
        f"  schemas by running every migration instead (manage.py migrate, once): "
        f"{template['migrate_seconds']:.1f} s"
    )
    print("release to every entity (nullable column, then an index, on 2 tables):")
    for layout in ("rows", "schemas"):
        print(
            f"  {layout:7} ADD COLUMN {release[layout, 'column']:.2f} s, "
            f"CREATE INDEX {release[layout, 'index']:.2f} s"
        )
    noop_median = statistics.median(noop)
    print(
        f"  schemas migrate_schemas' fixed cost per schema (no-op migrate, in process, "
        f"{len(noop)} schemas): p50 {noop_median:.2f} s -> x{entities} "
        f"= {noop_median * entities / 60:.1f} min (estimated, not run for all)"
    )
    print("catalogue and size (template schema dropped):")
    for layout in ("rows", "schemas"):
        classes, attributes, catalog_bytes, size = catalogue[layout]
        print(
            f"  {layout:7} pg_class {classes:,} rows, pg_attribute {attributes:,} rows, "
            f"catalog tables {megabytes(catalog_bytes)}, database {megabytes(size)}"
        )
    print("whole database pg_dump --schema-only:")
    for layout in ("rows", "schemas"):
        seconds, ok, error = whole_dump[layout]
        print(f"  {layout:7} {seconds:.1f} s, {'ok' if ok else 'FAILED: ' + error}")
    print("one entity's data out:")
    print(
        f"  rows    COPY … WHERE entity_id per table: {backup['rows_seconds']:.2f} s, "
        f"{megabytes(backup['rows_bytes'])} (text, no DDL)"
    )
    print(
        f"  schemas pg_dump -Fc -n <schema>: {backup['schema_seconds']:.2f} s, "
        f"{megabytes(backup['schema_bytes'])} (restorable)"
    )
    print(f"page queries, random entity per run, {runs} runs, one warm connection per layout:")
    for page in pages:
        for layout in ("rows", "schemas"):
            values = latency["samples"][layout, page.name]
            print(
                f"  {page.name:22} {layout:7} p50 {percentile(values, 0.5):6.2f} ms  "
                f"p99 {percentile(values, 0.99):6.2f} ms"
            )
    for layout in ("rows", "schemas"):
        print(
            f"  backend memory after the runs, {layout:7}: "
            f"{megabytes(latency['backend_bytes'][layout])}"
        )
    print(f"first page on a new connection (question list, {len(cold['rows'])} connections):")
    for layout in ("rows", "schemas"):
        print(
            f"  {layout:7} p50 {percentile(cold[layout], 0.5):6.2f} ms  "
            f"p99 {percentile(cold[layout], 0.99):6.2f} ms"
        )
    print("PgBouncer, pool_mode = transaction, 4 clients on 2 server connections:")
    for line in pgbouncer:
        print(f"  {line}")
    print(f"\ntotal {elapsed(started) / 60:.1f} min; databases dropped")


if __name__ == "__main__":
    main()
