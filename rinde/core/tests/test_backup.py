"""Backups that restore: the drill (demo → backup → wipe → restore → compare) and the
archives a restore must refuse before it changes anything.

pg_dump and pg_restore run in other processes and SQLite's backup API cannot write into a
database inside a transaction, so these tests commit for real (transaction=True)."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rinde.core import backup
from rinde.core.tests import hostile
from rinde.entity.models import Department
from rinde.entity.tests.factories import make_department

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def roots(tmp_path, settings):
    """Both media trees in this test's own folders (the drill deletes them)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "rinde.core.files.PrivateStorage",
            "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT},
        },
    }
    return {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}


def snapshot(roots):
    """Every table's row count and every file's checksum."""
    return backup.table_row_counts(), {
        folder: backup.tree_checksums(root) for folder, root in roots.items()
    }


def make_backup(tmp_path, *options):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), *options, stdout=out)
    return Path(out.getvalue().strip())


def small_installation(roots):
    make_department("Secretaría de Hacienda", code="hacienda")
    (roots["media"] / "rendicion").mkdir(parents=True)
    (roots["media"] / "rendicion" / "informe.pdf").write_bytes(hostile.sound_pdf())
    (roots["private"] / "borradores").mkdir(parents=True)
    (roots["private"] / "borradores" / "borrador.pdf").write_bytes(hostile.sound_pdf())


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy a tar archive member by member, letting `change(name, data)` alter the bytes."""
    with tarfile.open(source) as original, tarfile.open(target, "w") as copy:
        for member in original:
            data = original.extractfile(member).read() if member.isfile() else b""
            data = change(member.name, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_the_demo_survives_backup_wipe_and_restore(tmp_path, roots):
    # The demo's channels and audiences come with its entity (outreach.defaults), not from
    # a data migration that an earlier transactional test's flush would have undone.
    call_command("load_demo", "--quiet-accounts")
    # A private file of every kind the demo may not write itself.
    (roots["private"] / "importaciones").mkdir(parents=True, exist_ok=True)
    (roots["private"] / "importaciones" / "plan.pdf").write_bytes(hostile.sound_pdf())
    before_tables, before_files = snapshot(roots)
    assert before_tables["questions_question"] > 0
    assert before_files["media"] and before_files["private"]

    archive = make_backup(tmp_path, "--gzip")
    assert archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the operator's only

    call_command("flush", interactive=False)
    for root in roots.values():
        shutil.rmtree(root)
    wiped_tables, _ = snapshot(roots)
    assert wiped_tables["questions_question"] == 0

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", "--verbosity", "2", stdout=out)

    after_tables, after_files = snapshot(roots)
    assert after_tables == before_tables
    assert after_files == before_files
    report = out.getvalue()
    assert f"{len(before_tables)} de {len(before_tables)} con el mismo número de filas" in report
    files = sum(len(tree) for tree in before_files.values())
    assert f"{files} de {files} con la misma suma sha256" in report


def test_the_manifest_describes_the_database_and_every_file(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path)
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"]["entity_department"] == 1
    assert manifest["database"]["migrations"]["entity"].startswith("00")
    assert manifest["rinde"]["version"]
    assert set(manifest["files"]) == {
        manifest["database"]["dump"],
        "media/rendicion/informe.pdf",
        "private/borradores/borrador.pdf",
    }
    pdf = manifest["files"]["media/rendicion/informe.pdf"]
    assert pdf["size"] == len(hostile.sound_pdf())
    assert len(pdf["sha256"]) == 64


def assert_refused_and_nothing_changed(archive, roots, message):
    """Changes made after the backup are still there when the restore refuses."""
    Department.objects.all().delete()
    (roots["media"] / "nuevo.pdf").write_bytes(hostile.sound_pdf())
    before = snapshot(roots)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert "no se cambió nada" in str(refused.value)
    assert snapshot(roots) == before


def test_it_refuses_an_archive_whose_file_was_altered_before_changing_anything(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path)
    tampered = tmp_path / "tampered.tar"

    def flip_a_byte(name, data):
        if name == "media/rendicion/informe.pdf":
            return data[:20] + bytes([data[20] ^ 1]) + data[21:]
        return data

    rewrite_archive(archive, tampered, flip_a_byte)
    assert_refused_and_nothing_changed(
        tampered, roots, "checksum differs: media/rendicion/informe.pdf"
    )


def test_it_refuses_a_truncated_archive_before_changing_anything(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path, "--gzip")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert_refused_and_nothing_changed(truncated, roots, "cannot be read")


def test_it_refuses_an_archive_with_a_file_the_manifest_does_not_list(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path)
    extended = tmp_path / "extended.tar"
    with tarfile.open(archive) as original, tarfile.open(extended, "w") as copy:
        for member in original:
            copy.addfile(member, original.extractfile(member))
        extra = tarfile.TarInfo("media/extra.pdf")
        extra.size = 3
        copy.addfile(extra, io.BytesIO(b"abc"))
    assert_refused_and_nothing_changed(extended, roots, "not in the manifest: media/extra.pdf")


def test_it_refuses_a_member_that_would_leave_its_folder(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path)
    escaping = tmp_path / "escaping.tar"

    with tarfile.open(archive) as original, tarfile.open(escaping, "w") as copy:
        for member in original:
            data = original.extractfile(member).read()
            if member.name == "media/rendicion/informe.pdf":
                member.name = "media/../../informe.pdf"
            copy.addfile(member, io.BytesIO(data))
    assert_refused_and_nothing_changed(escaping, roots, "Unexpected entry")


@pytest.mark.parametrize(
    "name",
    ["media", "media/../x", "media//x", "media/./x", "/media/x", "otra/x", "media\\..\\x"],
)
def test_a_member_outside_the_archive_folders_is_unsafe(name):
    assert not backup.safe_member_name(name)


def test_members_inside_the_archive_folders_are_safe():
    for name in ["manifest.json", "database/rinde.pgdump", "media/a/b.pdf", "private/c.png"]:
        assert backup.safe_member_name(name)


def test_it_refuses_a_dump_of_another_database_vendor(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path)
    foreign = tmp_path / "foreign.tar"
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def claim_other_vendor(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"]["vendor"] = other
            return json.dumps(manifest).encode()
        return data

    rewrite_archive(archive, foreign, claim_other_vendor)
    assert_refused_and_nothing_changed(foreign, roots, f"holds a {other} database")


def test_it_refuses_a_backup_from_code_with_migrations_this_code_lacks(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path)
    future = tmp_path / "future.tar"

    def add_a_future_migration(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"]["migrations"]["entity"] = "9999_from_the_future"
            return json.dumps(manifest).encode()
        return data

    rewrite_archive(archive, future, add_a_future_migration)
    assert_refused_and_nothing_changed(future, roots, "entity.9999_from_the_future")


def test_a_table_made_after_the_backup_is_gone_after_the_restore(tmp_path, roots):
    small_installation(roots)
    archive = make_backup(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_migration (id integer PRIMARY KEY)")
        cursor.execute("INSERT INTO later_migration (id) VALUES (1)")
    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert "later_migration" not in connection.introspection.table_names()
    assert backup.table_row_counts() == backup.verify_archive(archive)["database"]["tables"]


def test_it_changes_nothing_when_the_operator_does_not_confirm(tmp_path, roots, monkeypatch):
    small_installation(roots)
    archive = make_backup(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    Department.objects.all().delete()
    with pytest.raises(CommandError, match="Cancelado"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not Department.objects.exists()


def test_a_confirmed_restore_brings_back_rows_deleted_after_the_backup(
    tmp_path, roots, monkeypatch
):
    small_installation(roots)
    archive = make_backup(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "sí")
    Department.objects.all().delete()
    (roots["media"] / "rendicion" / "informe.pdf").unlink()
    (roots["media"] / "subido-despues.pdf").write_bytes(hostile.sound_pdf())
    call_command("restore", str(archive), stdout=io.StringIO())
    assert Department.objects.get().code == "hacienda"
    assert backup.tree_checksums(roots["media"]).keys() == {"rendicion/informe.pdf"}


def test_a_failed_backup_leaves_no_archive_behind(tmp_path, roots, monkeypatch):
    small_installation(roots)

    def fail(target):
        target.write_bytes(b"half a dump")
        raise backup.BackupError("pg_dump failed: disk full")

    monkeypatch.setattr(backup, "dump_database", fail)
    with pytest.raises(CommandError, match="disk full"):
        make_backup(tmp_path)
    assert list((tmp_path / "backups").iterdir()) == []


def test_postgres_tools_get_the_password_and_tls_settings_outside_their_command_line():
    database = {
        "HOST": "db.internal",
        "PORT": 5433,
        "USER": "rinde",
        "NAME": "rinde",
        "PASSWORD": "s3cret",
        "OPTIONS": {"sslmode": "verify-full"},
    }
    arguments, environment = backup.postgres_environment(database)
    assert arguments == [
        "--host", "db.internal", "--port", "5433", "--username", "rinde", "--dbname", "rinde"
    ]  # fmt: skip
    assert environment["PGPASSWORD"] == "s3cret"
    assert environment["PGSSLMODE"] == "verify-full"
