"""Restore a backup made by `manage.py backup`: check it whole, then replace the database and
both media trees, then compare what is in place with the archive's manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rinde.core import backup


class Command(BaseCommand):
    help = (
        "Restaura una copia de `manage.py backup`: verifica todas las sumas antes de tocar nada, "
        "reemplaza la base de datos y los archivos públicos y privados, y compara el resultado "
        "con el manifiesto."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="El archivo .tar o .tar.gz de la copia.")
        parser.add_argument("--yes", action="store_true", help="No pedir confirmación.")

    def handle(self, *args, **options):
        archive = options["archive"]
        if not archive.is_file():
            raise CommandError(f"No existe el archivo / no such file: {archive}")
        try:
            manifest = backup.verify_archive(archive)
            backup.check_vendor(manifest)
            backup.check_migrations(manifest)
        except backup.BackupError as error:
            raise CommandError(
                f"Copia rechazada, no se cambió nada / archive refused, nothing changed: {error}"
            ) from error
        self.describe(manifest)
        if not options["yes"] and not self.confirmed():
            raise CommandError("Cancelado: no se cambió nada / cancelled, nothing changed.")
        try:
            comparison = backup.restore_backup(archive, manifest)
        except backup.BackupError as error:
            raise CommandError(f"La restauración falló / restore failed: {error}") from error
        self.report(comparison, verbose=options["verbosity"] > 1)
        if not comparison.ok:
            raise CommandError(
                "Lo restaurado no coincide con el manifiesto / the restored data differs "
                "from the manifest."
            )
        self.stdout.write(
            "Siguiente paso / next: `manage.py migrate` si el código es más nuevo que la copia, "
            "y `manage.py rebuild_plan_figures`."
        )

    def describe(self, manifest):
        database = manifest["database"]
        rinde = manifest.get("rinde", {})
        self.stdout.write(
            f"Copia verificada / archive verified: {manifest['created_at']}, "
            f"Rinde {rinde.get('version')} ({rinde.get('commit') or 'commit desconocido'}), "
            f"{database['vendor']}, {len(database['tables'])} tablas, "
            f"{len(manifest['files']) - 1} archivos."
        )

    def confirmed(self) -> bool:
        answer = input(
            "Esto REEMPLAZA la base de datos y los archivos de esta instalación. "
            "¿Continuar? Escriba 'si' / type 'yes': "
        )
        return answer.strip().lower() in {"si", "sí", "yes"}

    def report(self, comparison, *, verbose: bool):
        tables, files = comparison.tables, comparison.files
        self.stdout.write(
            f"Tablas / tables: {len(tables) - len(comparison.table_mismatches)} de {len(tables)} "
            "con el mismo número de filas / same row count"
        )
        for name, (before, after) in tables.items():
            if verbose or before != after:
                mark = "ok" if before == after else "DIFIERE / DIFFERS"
                self.stdout.write(f"  {name}: copia {before}, restaurada {after}  {mark}")
        self.stdout.write(
            f"Archivos / files: {len(files) - len(comparison.file_mismatches)} de {len(files)} "
            "con la misma suma sha256 / same checksum"
        )
        for name, (before, after) in files.items():
            if verbose or before != after:
                mark = "ok" if before == after else "DIFIERE / DIFFERS"
                self.stdout.write(f"  {name}: {mark}")
