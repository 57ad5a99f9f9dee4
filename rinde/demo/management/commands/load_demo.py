"""Load the Itagüí 2023 demo. Safe to run again: every row is matched by a natural key."""

from django.core.management.base import BaseCommand
from django.db import transaction

from rinde.demo import itagui


class Command(BaseCommand):
    help = "Carga (o actualiza) los datos de demostración de la Alcaldía de Itagüí 2023."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-accounts", action="store_true", help="No imprimir las cuentas de demostración."
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = itagui.load()
        self.stdout.write(self.style.SUCCESS(summary))
        if not options["quiet_accounts"]:
            self.stdout.write(itagui.accounts_table())
