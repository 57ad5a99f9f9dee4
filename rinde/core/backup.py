"""Backups that restore: the database, public media and private media in one tar archive
with a manifest of checksums and row counts (docs/deployment.md, "Backups").

Layout of an archive:

    database/rinde.sqlite3 or database/rinde.pgdump   the dump (SQLite backup API / pg_dump -Fc)
    media/...                                          MEDIA_ROOT
    private/...                                        PRIVATE_MEDIA_ROOT
    manifest.json                                      written last: it lists every file above

Files are streamed through tarfile and hashed as they are read, so the checksum in the
manifest is that of the bytes in the archive, and no archive is ever held in memory.
A restore reads the whole archive once to check every checksum before it touches anything.
The checksums catch corruption (a truncated copy, a bad disk), not a forger who rewrites the
manifest too: keep archives where only operators can write.
"""

import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # runs pg_dump, pg_restore and git with fixed argv, no shell
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024
# Archive folder → the setting naming the tree it holds.
MEDIA_TREES = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
DUMP_NAMES = {"sqlite": "database/rinde.sqlite3", "postgresql": "database/rinde.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


# --- facts about the database -------------------------------------------------------------


def table_row_counts() -> dict[str, int]:
    """Every table of the configured database and its number of rows."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return count_rows(cursor, tables, connection.ops.quote_name)


def count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    # SQLite's own tables (sqlite_sequence, sqlite_stat1) are not the data.
    for table in sorted(t for t in tables if not t.startswith("sqlite_")):
        # The name comes from the database's own catalogue, quoted.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def last_migrations() -> dict[str, str]:
    """The last applied migration of each app (names are numbered, so the greatest)."""
    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        last[app] = max(name, last.get(app, name))
    return dict(sorted(last.items()))


def rinde_version() -> dict[str, str | None]:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    version = None
    if pyproject.exists():
        version = tomllib.loads(pyproject.read_text())["project"]["version"]
    return {"version": version, "commit": git_commit()}


def git_commit() -> str | None:
    """The checked-out commit when the code is a git checkout; None otherwise."""
    git = shutil.which("git")
    if not git:
        return None
    try:
        finished = subprocess.run(  # noqa: S603 # nosec B603 # fixed argv
            [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if finished.returncode != 0:
        return None
    return finished.stdout.strip() or None


# --- database dump and load ---------------------------------------------------------------


def postgres_environment(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from a DATABASES entry."""
    arguments = []
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    arguments += ["--dbname", db["NAME"]]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        # In the environment, not the argv, so it never shows in `ps`.
        environment["PGPASSWORD"] = db["PASSWORD"]
    # TLS settings from DATABASE_URL's query string (?sslmode=require …) reach libpq here.
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if db.get("OPTIONS", {}).get(option):
            environment[f"PG{option.upper()}"] = str(db["OPTIONS"][option])
    return arguments, environment


def run_postgres_tool(name: str, arguments: list[str]) -> None:
    program = shutil.which(name)
    if not program:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    connection_arguments, environment = postgres_environment(connection.settings_dict)
    finished = subprocess.run(  # noqa: S603 # nosec B603 # fixed argv from settings, no shell
        [program, *arguments, *connection_arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise BackupError(f"{name} failed: {finished.stderr.strip()}")


def dump_database(target: Path) -> dict[str, int]:
    """A consistent copy of the database in `target`, taken while the site keeps running;
    returns the row count of every table in that copy."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The backup API copies a consistent snapshot, WAL included; it also works on the
            # in-memory database tests use. Rows are counted in the copy itself.
            connection.connection.backup(destination)
            cursor = destination.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = [row[0] for row in cursor.fetchall()]
            return count_rows(destination.cursor(), tables, connection.ops.quote_name)
        finally:
            destination.close()
    if connection.vendor == "postgresql":
        # pg_dump reads the snapshot this transaction exports, and the rows are counted in
        # the same snapshot: the counts are exactly the dump's, however busy the site.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            run_postgres_tool(
                "pg_dump",
                ["--format=custom", "--no-owner", "--snapshot", snapshot, "--file", str(target)],
            )
            return table_row_counts()
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def load_database(dump: Path, tables: set[str]) -> None:
    """Replace the configured database with the dump holding `tables`: afterwards it holds
    exactly the dump's tables and rows."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            # Copies every page into the live database in one step: other processes see the
            # old database or the restored one, never a mix.
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        # pg_restore --clean drops only what the dump holds: tables made by migrations newer
        # than the backup would stay, and a later `migrate` would trip over them.
        with transaction.atomic(), connection.cursor() as cursor:
            for table in sorted(set(connection.introspection.table_names(cursor)) - tables):
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        # Nothing of ours may hold a lock on the tables pg_restore drops.
        connection.close()
        # One transaction: a dump that fails halfway leaves the database as it was.
        run_postgres_tool(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
            + [str(dump)],
        )


# --- files --------------------------------------------------------------------------------


class HashingReader:
    """Reads a file for tarfile and hashes exactly the bytes that go into the archive."""

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def hash_stream(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def hash_file(path: Path) -> tuple[str, int]:
    with path.open("rb") as stream:
        return hash_stream(stream)


def tree_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative POSIX name, path) of every regular file under root, in a stable order.
    Links are skipped: Rinde never writes one, and following one could leave the tree."""
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def tree_checksums(root: Path) -> dict[str, dict[str, Any]]:
    checksums = {}
    for name, path in tree_files(root):
        sha256, size = hash_file(path)
        checksums[name] = {"sha256": sha256, "size": size}
    return checksums


def media_root(folder: str) -> Path:
    return Path(getattr(settings, MEDIA_TREES[folder]))


# --- backup -------------------------------------------------------------------------------


def add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as raw:
        reader = HashingReader(raw)
        archive.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": reader.size}


def create_backup(output_dir: Path, *, gzip: bool = False) -> Path:
    """Write one archive of the database and both media trees into output_dir; return it.

    The archive is written under a temporary name and renamed when complete, so a backup cut
    short never looks like a finished one (a failed one is deleted).
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    created_at = timezone.now()
    suffix = ".tar.gz" if gzip else ".tar"
    final = output_dir / f"rinde-backup-{created_at:%Y%m%d-%H%M%S}{suffix}"
    partial = final.with_name(final.name + ".partial")
    vendor = connection.vendor
    dump_name = DUMP_NAMES.get(vendor, "database/dump")
    files: dict[str, dict[str, Any]] = {}
    # Personal data: readable by the operator's account only, from the first byte.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz" if gzip else "w") as archive,
            # The dump waits next to the archive, not in /tmp (often a small RAM disk).
            tempfile.TemporaryDirectory(dir=output_dir, prefix=".rinde-backup-") as scratch,
        ):
            dump = Path(scratch) / "dump"
            tables = dump_database(dump)
            files[dump_name] = add_file(archive, dump, dump_name)
            for folder in MEDIA_TREES:
                for name, path in tree_files(media_root(folder)):
                    member = f"{folder}/{name}"
                    files[member] = add_file(archive, path, member)
            manifest = {
                "format": FORMAT,
                "created_at": created_at.isoformat(),
                "rinde": rinde_version(),
                "database": {
                    "vendor": vendor,
                    "dump": dump_name,
                    "tables": tables,
                    "migrations": last_migrations(),
                },
                "files": files,
            }
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(created_at.timestamp())
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(final)
    logger.info("backup written: %s (%d files, %d tables)", final, len(files), len(tables))
    return final


# --- restore ------------------------------------------------------------------------------


def safe_member_name(name: str) -> bool:
    """manifest.json, or a file inside one of the archive's folders that stays there."""
    if name == MANIFEST:
        return True
    parts = name.split("/")
    return (
        len(parts) >= 2
        and parts[0] in {"database", *MEDIA_TREES}
        and not {"", ".", ".."} & set(parts)
        and "\\" not in name
    )


def verify_archive(archive_path: Path) -> dict[str, Any]:
    """Read the whole archive once and check it against its manifest; return the manifest.

    Raises BackupError, before anything is changed, when the archive cannot be read, a file
    is missing, extra, altered or truncated, or a name could leave its folder.
    """
    actual: dict[str, dict[str, Any]] = {}
    manifest = None
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive:
                if not member.isfile() or not safe_member_name(member.name):
                    raise BackupError(f"Unexpected entry in the archive: {member.name!r}.")
                stream = archive.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.load(stream)
                    continue
                sha256, size = hash_stream(stream)
                actual[member.name] = {"sha256": sha256, "size": size}
    except (OSError, EOFError, tarfile.TarError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"The archive cannot be read ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("The archive has no manifest.json of a Rinde backup.")
    expected = manifest.get("files", {})
    problems = [f"missing: {name}" for name in sorted(set(expected) - set(actual))]
    problems += [f"not in the manifest: {name}" for name in sorted(set(actual) - set(expected))]
    problems += [
        f"checksum differs: {name}"
        for name in sorted(set(expected) & set(actual))
        if expected[name] != actual[name]
    ]
    if manifest.get("database", {}).get("dump") not in expected:
        problems.append("the database dump is not listed")
    if problems:
        raise BackupError("The archive is damaged: " + "; ".join(problems[:10]) + ".")
    return manifest


def check_vendor(manifest: dict[str, Any]) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This archive holds a {vendor} database; this installation uses "
            f"{connection.vendor}. Restore it on a {vendor} installation."
        )


def check_migrations(manifest: dict[str, Any]) -> None:
    """Refuse a backup whose database ran migrations this code lacks: restored under older
    code, its tables would not match the models."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, name in manifest["database"]["migrations"].items()
        if (app, name) not in known
    ]
    if unknown:
        commit = manifest.get("rinde", {}).get("commit") or "?"
        raise BackupError(
            f"The backup comes from newer code (migrations {', '.join(unknown)}). "
            f"Install Rinde at commit {commit} or later, then restore."
        )


def extract_member(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.extractfile(member) as source, target.open("wb") as destination:
        shutil.copyfileobj(source, destination, CHUNK)


def replace_tree(root: Path, staged: Path) -> None:
    """Make root hold exactly what staged holds. Entry by entry, not a rename of root
    itself, which may be a mount point."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staged.iterdir():
        shutil.move(entry, root / entry.name)


@dataclass
class Comparison:
    """The restored installation beside the manifest."""

    tables: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    files: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def table_mismatches(self) -> list[str]:
        return [name for name, (before, after) in self.tables.items() if before != after]

    @property
    def file_mismatches(self) -> list[str]:
        return [name for name, (before, after) in self.files.items() if before != after]

    @property
    def ok(self) -> bool:
        return not self.table_mismatches and not self.file_mismatches


def compare_with_manifest(manifest: dict[str, Any]) -> Comparison:
    comparison = Comparison()
    expected_tables = manifest["database"]["tables"]
    actual_tables = table_row_counts()
    for name in sorted(set(expected_tables) | set(actual_tables)):
        comparison.tables[name] = (expected_tables.get(name), actual_tables.get(name))
    expected_files = {
        name: entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.split("/")[0] in MEDIA_TREES
    }
    actual_files = {
        f"{folder}/{name}": entry["sha256"]
        for folder in MEDIA_TREES
        for name, entry in tree_checksums(media_root(folder)).items()
    }
    for name in sorted(set(expected_files) | set(actual_files)):
        comparison.files[name] = (expected_files.get(name), actual_files.get(name))
    return comparison


def restore_backup(archive_path: Path, manifest: dict[str, Any]) -> Comparison:
    """Replace the database and both media trees with a verified archive's (verify_archive
    first), then compare what is in place with the manifest."""
    check_vendor(manifest)
    check_migrations(manifest)
    roots = {folder: media_root(folder) for folder in MEDIA_TREES}
    staging = {}
    roots["media"].parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".rinde-restore-", dir=roots["media"].parent) as tmp:
        scratch = Path(tmp)
        dump = scratch / "dump"
        for folder in MEDIA_TREES:
            staging[folder] = scratch / folder
            staging[folder].mkdir()
        # Everything is unpacked aside first; the live trees change only once it all fits.
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive:
                if not member.isfile() or member.name not in manifest["files"]:
                    continue
                if member.name == manifest["database"]["dump"]:
                    extract_member(archive, member, dump)
                else:
                    folder, _, name = member.name.partition("/")
                    if folder in staging:
                        extract_member(archive, member, staging[folder] / name)
        load_database(dump, set(manifest["database"]["tables"]))
        for folder, root in roots.items():
            replace_tree(root, staging[folder])
    # Every cached page and figure came from the database just replaced.
    cache.clear()
    comparison = compare_with_manifest(manifest)
    logger.warning(
        "database and media restored from %s (backup of %s): %s",
        archive_path,
        manifest["created_at"],
        "all row counts and checksums match" if comparison.ok else "MISMATCHES, see the output",
    )
    return comparison
