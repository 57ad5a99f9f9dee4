"""`make bench`, many entities (issue 19, step 11): Rinde's pages for one entity among
1,000 on one installation beside the same pages on a single-entity installation, in the
same run: the queries each page sends and its time.

Two PostgreSQL databases, made and dropped by the bench (`rinde_bench`, `rinde_bench1000`,
dropped first if a crashed run left them):

1. `rinde_bench`: migrate and `load_demo`, one entity (what `make demo` makes).
2. `rinde_bench1000`: a copy of it (CREATE DATABASE … TEMPLATE), then the demo's rows
   copied at SQL level for entities 2..N (N = BENCH_ENTITIES, 1,000 unless told): every
   table of a model that belongs to an entity (its own `entity` key, or a required key to
   one: docs/tenancy.md), found from Django's models, not listed here, so that a new model
   is copied too. Primary keys and keys to copied tables are shifted by k × STRIDE for
   copy k, the entity key set to the new entity, and the values that must be unique
   site-wide (a text column unique without the entity: tracking and registration codes)
   given a suffix per copy. Foreign key triggers are off during the copy
   (session_replication_role = replica): the copies are the demo's checked rows shifted,
   not checked again (Django's keys are deferred: 16 million checks queued to the commit).
   Then ANALYZE, and /entidades/' stored figures computed for every entity.
3. For each page (public and staff), in each database: the number of queries (one
   request, CaptureQueriesContext) and the median time of RUNS requests through Django's
   test client, in rounds that alternate the two databases, each round of the 1,000 for
   a random entity under its /e/<slug>/ prefix (the single entity at its plain address).
   Public pages are cached (core.public_cache): each timed request carries its own cookie
   value, so that the cache (Vary: Cookie) misses and the page is built from the database
   every time; the first request of a round is not timed (imports, the entity's
   resolution cached).

Targets: the same number of queries on every page; each page's median time at most
TIME_RATIO (1.5) × the single entity's, a margin for this shared machine's noise (the
same page measured 20 and 49 ms in two runs an hour apart; alternating rounds within a
run keep the ratio closer); /entidades/ answers from stored figures (the same queries with
1 or N entities; its time for information, since it lists 50 rows instead of one). A page
that misses prints its slowest query in each database, the usual culprit a query that
does not read the active entity's rows only.

    .venv/bin/python bench/entities.py                  # 1,000 entities
    BENCH_ENTITIES=100 .venv/bin/python bench/entities.py
"""

# The SQL is built from Django's own table and column names and integers, never from input.
# ruff: noqa: S608, S311
import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from common import load_average, prepare  # noqa: E402

PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SINGLE_DB = "rinde_bench"
MANY_DB = "rinde_bench1000"
ENTITIES = int(os.environ.get("BENCH_ENTITIES", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))  # timed requests per page and round
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))  # per database, alternating
TIME_RATIO = 1.5
SQL_SHOWN = int(os.environ.get("BENCH_SQL_SHOWN", "300"))
# BENCH_KEEP=1 leaves both databases in place at the end, to look into a slow page.
KEEP = os.environ.get("BENCH_KEEP") == "1"
# Copy k's keys are the demo's + k × STRIDE: more than any demo table's largest id.
STRIDE = 1_000_000
# Paths under the entity's prefix; {code} is one of its public questions' tracking code.
PUBLIC = [
    ("home", "/"),
    ("exercise page", "/rendicion/2023/"),
    ("questions list", "/rendicion/2023/preguntas/"),
    ("question page", "/preguntas/{code}/"),
    ("plan page", "/plan/"),
    ("open data page", "/datos/"),
    ("open data CSV", "/datos/preguntas-ciudadanas.csv"),
]
# Host-level: the same address whatever the entity. It lists 1 entity on one database and
# the first 50 of N on the other, so its time is printed for information; its target is
# the same queries (stored figures, whatever N).
HOST = [("/entidades/", "/entidades/")]
TIME_INFORMATION = {"/entidades/"}
STAFF = [("staff panel home", "/panel/"), ("staff question list", "/panel/preguntas/")]


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(
        ["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def env_for(database: str, var_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "RINDE_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{PG}/{database}",
    }
    # The in-process cache of each measuring process: the test client is one process.
    env.pop("REDIS_URL", None)
    return env


def child(mode: str, env: dict[str, str], *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, mode, *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- In a child process, with Django set up -------------------------------------------------


def setup_django() -> None:
    import django

    django.setup()


def copied_models() -> list:
    """The models whose rows belong to an entity, auto-created many-to-many tables included
    (when the model that declares the field is copied): what a new entity's demo makes."""
    from django.apps import apps

    from rinde.entity.models import Entity

    global_labels = {
        "entity.Entity",
        "entity.Domain",
        # Computed after the copy, by the figures' own code.
        "hosting.EntityFigures",
        # One row per entity, computed by hosting.usage.refresh for the host's panel,
        # which this bench does not measure.
        "hosting.EntityUsage",
    }

    def label(model) -> str:
        return model._meta.label

    def keyed(model, seen=()) -> bool:
        fields = model._meta.concrete_fields
        if any(f.name == "entity" and f.related_model is Entity for f in fields):
            return True
        return any(
            f.many_to_one
            and not f.null
            and f.related_model not in seen
            and f.related_model is not model
            and f.related_model.__module__.startswith("rinde.")
            and label(f.related_model) not in global_labels
            and keyed(f.related_model, (*seen, model))
            for f in fields
        )

    chosen = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("rinde.") and label(m) not in global_labels and keyed(m)
    ]
    through = []
    for model in chosen:
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                through.append(field.remote_field.through)
    return chosen + through


def unique_sets(model) -> list[tuple[str, ...]]:
    meta = model._meta
    sets = [(f.name,) for f in meta.concrete_fields if f.unique and not f.primary_key]
    sets += [tuple(fields) for fields in meta.unique_together]
    sets += [tuple(c.fields) for c in meta.constraints if getattr(c, "fields", None)]
    return sets


def copy_plan(model, copied: set, entity_model) -> tuple[list[str], list[str], list[str]]:
    """(columns, SELECT expressions, text columns suffixed) for one table's copies. The
    copies' parameters come from the joined table `bench_copies` (c.entity_id, c.off, c.sfx)."""
    from django.db import models

    meta = model._meta
    shifted, exprs, columns = set(), {}, []
    for field in meta.concrete_fields:
        column = field.column
        columns.append(column)
        q = f'"{column}"'
        if field.primary_key:
            exprs[field.name] = shift(field, q)
            shifted.add(field.name)
        elif field.is_relation and field.related_model is entity_model:
            exprs[field.name] = "c.entity_id"
            shifted.add(field.name)
        elif field.is_relation and field.related_model in copied:
            exprs[field.name] = shift(field.target_field, q)
            shifted.add(field.name)
        else:
            exprs[field.name] = q
    suffixed = []
    for names in unique_sets(model):
        if shifted & set(names):
            continue
        fields = [meta.get_field(n) for n in names]
        text = [f for f in fields if isinstance(f, models.CharField | models.TextField)]
        ids = [f for f in fields if f.name.endswith("object_id")]
        if ids:
            # A generic key to a copied row (the search index's entries): shifted with it.
            exprs[ids[0].name] = f'"{ids[0].column}" + c.off'
        elif text:
            exprs[text[0].name] = f'"{text[0].column}" || c.sfx'
            suffixed.append(text[0])
        else:
            raise SystemExit(f"{meta.label}: unique {names} without the entity, not copyable")
    select = [exprs[f.name] for f in meta.concrete_fields]
    return columns, select, suffixed


def shift(key, column: str) -> str:
    """A copy's value of a primary key (or of a key to one): integers moved by the copy's
    offset, text keys (a link's nonce) given its suffix."""
    if key.get_internal_type() in (
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
    ):
        return f"{column} + c.off"
    return f"{column} || c.sfx"


def multiply(count: int) -> dict:
    """Copy the single entity's rows for entities 2..count (in the database set up)."""
    from django.db import connection, transaction

    from rinde.entity.models import Entity

    started = time.perf_counter()
    template = Entity.objects.get()
    models_ = copied_models()
    copied = set(models_)
    width = len(base36(count))
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        largest = 0
        for model in models_:
            if "+" not in shift(model._meta.pk, ""):
                continue
            cursor.execute(
                f'SELECT coalesce(max("{model._meta.pk.column}"), 0) FROM "{model._meta.db_table}"'
            )
            largest = max(largest, cursor.fetchone()[0])
        if largest >= STRIDE:
            raise SystemExit(f"a demo table's id reaches {largest}: raise STRIDE")
        # The entities: the demo's entity row again, its id, name and slug numbered.
        entity_columns = [f.column for f in Entity._meta.concrete_fields]
        select = {
            "id": "%s + k",
            "name": "name || ' ' || k",
            "short_name": "short_name || ' ' || k",
            "slug": "slug || '-' || lpad(k::text, 4, '0')",
        }
        cursor.execute(
            f"INSERT INTO {Entity._meta.db_table} ({', '.join(entity_columns)}) "
            f"SELECT {', '.join(select.get(c, c) for c in entity_columns)} "
            f"FROM {Entity._meta.db_table}, generate_series(1, %s) AS k WHERE id = %s",
            [template.pk, count - 1, template.pk],
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_copies (k int, entity_id bigint, off bigint, sfx text)"
        )
        cursor.executemany(
            "INSERT INTO bench_copies VALUES (%s, %s, %s, %s)",
            [
                (k, template.pk + k, k * STRIDE, base36(k).rjust(width, "0"))
                for k in range(1, count)
            ],
        )
        # Every table's plan first, and the room for each suffix: a column too short
        # fails the run before the long copy, not in its middle.
        plans = [(model._meta.db_table, *copy_plan(model, copied, Entity)) for model in models_]
        for table, _columns, _select, suffixed in plans:
            for field in suffixed:
                cursor.execute(f'SELECT coalesce(max(length("{field.column}")), 0) FROM "{table}"')
                if field.max_length and cursor.fetchone()[0] + width > field.max_length:
                    raise SystemExit(
                        f"{table}.{field.column}: no room for a {width}-character suffix"
                    )
        for table, columns, select_, _suffixed in plans:
            cursor.execute(
                f'INSERT INTO "{table}" ({", ".join(f'"{c}"' for c in columns)}) '
                f'SELECT {", ".join(select_)} FROM "{table}" CROSS JOIN bench_copies c'
            )
            rows += cursor.rowcount
        for model in [*models_, Entity]:
            table, pk = model._meta.db_table, model._meta.pk.column
            if "+" not in shift(model._meta.pk, ""):
                continue
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                f'(SELECT coalesce(max("{pk}"), 1) FROM "{table}"))'
            )
    copy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - started
    started = time.perf_counter()
    refresh_figures()
    return {
        "tables": len(models_),
        "rows": rows,
        "copy_seconds": copy_seconds,
        "analyze_seconds": analyze_seconds,
        "figures_seconds": time.perf_counter() - started,
    }


def refresh_figures() -> None:
    """/entidades/' stored figures for every entity (each computed with it active)."""
    from rinde.hosting.figures import refresh

    refresh()


def base36(n: int) -> str:
    digits = string.digits + string.ascii_uppercase
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def measure(seed: int) -> dict:
    """Queries and median time per page for one entity (random among several)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from rinde.accounts.models import User
    from rinde.accounts.tests.factories import login_verified
    from rinde.entity import scoping
    from rinde.entity.models import Entity
    from rinde.questions.models import Question

    entities = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    several = len(entities) > 1
    entity = Entity.objects.get(pk=random.Random(seed).choice(entities))
    with scoping.activate(entity):
        code = Question.objects.public().order_by("pk").values_list("tracking_code", flat=True)[0]
    prefix = f"/e/{entity.slug}" if several else ""
    public = [(name, prefix + path.format(code=code)) for name, path in PUBLIC] + HOST
    staff = [(name, prefix + path) for name, path in STAFF]
    # bench.settings allows 127.0.0.1 and localhost, not the test client's "testserver".
    anonymous, logged_in = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    login_verified(logged_in, User.objects.get(username="admin"))
    results = {}
    counter = 0
    for client, pages in ((anonymous, public), (logged_in, staff)):
        for name, path in pages:

            def get(client=client, path=path, name=name):
                nonlocal counter
                counter += 1
                client.cookies["bench"] = str(counter)  # a miss of the public pages' cache
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code}")
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
                return response

            get()
            with CaptureQueriesContext(connection) as queries:
                get()
            # Read now: the list is a slice of the connection's log, which each request resets.
            count = len(queries)
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                get()
                times.append((time.perf_counter() - start) * 1000)
            results[name] = {
                "path": path,
                "queries": count,
                "slowest": slowest and {"ms": float(slowest["time"]) * 1000, "sql": slowest["sql"]},
                "ms": statistics.median(times),
            }
    return {"entity": entity.slug, "pages": results}


# -- The parent: build, measure, print ------------------------------------------------------


def main() -> int:
    var_dir = tempfile.mkdtemp(prefix="rinde-bench-entities-")
    for database in (SINGLE_DB, MANY_DB):
        psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    started = time.perf_counter()
    try:
        psql(f"CREATE DATABASE {SINGLE_DB}")
        single_env, many_env = env_for(SINGLE_DB, var_dir), env_for(MANY_DB, var_dir)
        prepare(single_env)
        prepared = time.perf_counter() - started
        psql(f"CREATE DATABASE {MANY_DB} TEMPLATE {SINGLE_DB}")
        built = child("multiply", many_env, str(ENTITIES))
        print(
            f"== {ENTITIES:,} entities on one installation beside one entity "
            f"(PostgreSQL, Django test client, {load_average()})"
        )
        print(
            f"built: the demo loaded once {prepared:.0f} s (migrate, collectstatic, load_demo); "
            f"copied for {ENTITIES - 1:,} more entities: {built['rows']:,} rows in "
            f"{built['tables']} tables, {built['copy_seconds']:.0f} s; ANALYZE "
            f"{built['analyze_seconds']:.0f} s; /entidades/ figures for {ENTITIES:,} "
            f"entities {built['figures_seconds']:.0f} s"
        )
        single, many = [], []
        for n in range(ROUNDS):
            # Alternating, each database first in turn: the machine's load drifts.
            order = [(single, single_env), (many, many_env)]
            for runs, env in order if n % 2 == 0 else order[::-1]:
                runs.append(child("measure", env, str(random.randrange(1 << 30))))
        return report(single, many, started)
    finally:
        for database in (SINGLE_DB, MANY_DB) if not KEEP else ():
            psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        subprocess.run(["rm", "-rf", var_dir], check=False)


def report(single: list[dict], many: list[dict], started: float) -> int:
    print(
        f"{RUNS} timed requests per page and round, {ROUNDS} rounds per database, "
        f"median of the rounds' medians; entities measured: "
        f"{', '.join(run['entity'] for run in many)}"
    )
    print(
        f"{'page':<22}{'queries 1':>10}{f'q. {ENTITIES}':>9}{'ms 1':>9}"
        f"{f'ms {ENTITIES}':>9}{'ratio':>7}"
    )
    failed = []
    for name in single[0]["pages"]:
        one = [run["pages"][name] for run in single]
        lots = [run["pages"][name] for run in many]
        q1 = {r["queries"] for r in one}
        qn = {r["queries"] for r in lots}
        ms1 = statistics.median(r["ms"] for r in one)
        msn = statistics.median(r["ms"] for r in lots)
        ratio = msn / ms1
        verdict = ""
        if q1 != qn or len(qn) != 1:
            verdict += "  QUERIES DIFFER"
        if name in TIME_INFORMATION:
            verdict += "  (time: information)"
        elif ratio > TIME_RATIO:
            verdict += "  SLOWER"
        if "DIFFER" in verdict or "SLOWER" in verdict:
            failed.append(name)
        print(
            f"{name:<22}{'/'.join(map(str, sorted(q1))):>10}{'/'.join(map(str, sorted(qn))):>9}"
            f"{ms1:>9.1f}{msn:>9.1f}{ratio:>7.2f}{verdict}"
        )
        if "SLOWER" in verdict:
            # Where the time goes: the slowest query of one request, in each database.
            for label, rows in (("1", one), (f"{ENTITIES}", lots)):
                slowest = max((r["slowest"] for r in rows if r["slowest"]), key=lambda q: q["ms"])
                print(
                    f"    slowest query, {label:>4}: {slowest['ms']:.1f} ms  {slowest['sql'][:SQL_SHOWN]}"
                )
    print(
        f"targets: the same queries per page; time ratio ≤ {TIME_RATIO} (this shared machine's "
        f"noise); {'all met' if not failed else 'missed: ' + ', '.join(failed)}; "
        f"total {(time.perf_counter() - started) / 60:.1f} min; "
        f"{'databases kept (BENCH_KEEP=1)' if KEEP else 'databases dropped'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("multiply", "measure"):
        setup_django()
        result = (
            multiply(int(sys.argv[2])) if sys.argv[1] == "multiply" else measure(int(sys.argv[2]))
        )
        print(json.dumps(result))
    else:
        sys.exit(main())
