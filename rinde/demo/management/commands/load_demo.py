"""Load the demo: Itagüí 2023 as the past, closed exercise and a current exercise open on the
day of the load. Safe to run again: every row is matched by a natural key."""

from django.core.management.base import BaseCommand
from django.db import transaction

from rinde.demo import itagui
from rinde.hosting.figures import refresh as refresh_entity_figures


class Command(BaseCommand):
    help = (
        "Carga (o actualiza) la demostración: la rendición 2023 de la Alcaldía de Itagüí, ya "
        "cerrada, y un ejercicio actual abierto desde el día de la carga."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-accounts", action="store_true", help="No imprimir las cuentas de demostración."
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = itagui.load()
        # /entidades/ shows the demo's entity from the start, not after the first hourly run.
        refresh_entity_figures()
        self.stdout.write(self.style.SUCCESS(summary))
        if not options["quiet_accounts"]:
            self.stdout.write(itagui.accounts_table())
