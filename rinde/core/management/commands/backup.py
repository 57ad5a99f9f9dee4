"""Back up the database and both media trees into one archive (docs/deployment.md, "Backups")."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rinde.core import backup


class Command(BaseCommand):
    help = (
        "Copia de respaldo: la base de datos, los archivos públicos y los privados en un solo "
        "archivo tar con un manifiesto de sumas de verificación y conteos de filas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="Carpeta donde escribir el archivo (por defecto var/backups).",
        )
        parser.add_argument("--gzip", action="store_true", help="Comprimir el archivo con gzip.")

    def handle(self, *args, **options):
        try:
            archive = backup.create_backup(options["output"], gzip=options["gzip"])
        except backup.BackupError as error:
            raise CommandError(f"No se pudo hacer la copia / backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(str(archive)))
