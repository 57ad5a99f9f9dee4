"""Load the demo: Itagüí 2023 as the past, closed exercise and a current exercise open on the
day of the load. Safe to run again: every row is matched by a natural key.

`--entity <slug> --name "…"` loads the same demo for another entity, side by side with the
first (created when no entity has that slug; reached at /e/<slug>/): its accounts and codes
carry the slug (rinde/demo/accounts.py)."""

from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rinde.demo import itagui
from rinde.entity import scoping
from rinde.entity.models import Entity
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
        parser.add_argument(
            "--entity",
            metavar="SLUG",
            help="Cargar la demostración para esta entidad (se crea si no existe), al lado de la primera.",
        )
        parser.add_argument("--name", help="Nombre de la entidad nueva (con --entity).")

    def handle(self, *args, **options):
        # The entity stays active until the transaction's on-commit work (the search index's
        # updates) has run too: several entities and none active fail closed.
        with ExitStack() as scope, transaction.atomic():
            entity = self.entity(options["entity"], options["name"]) or itagui.first_entity()
            scope.enter_context(scoping.activate(entity))
            summary = itagui.load(entity)
        # /entidades/ shows the demo's entity from the start, not after the first hourly run.
        refresh_entity_figures()
        self.stdout.write(self.style.SUCCESS(summary))
        if not options["quiet_accounts"]:
            self.stdout.write(itagui.accounts_table(None if options["entity"] is None else entity))

    def entity(self, slug: str | None, name: str | None) -> Entity | None:
        if not slug:
            if name:
                raise CommandError("--name va con --entity.")
            return None
        entity = Entity.objects.filter(slug=slug).first()
        if entity is not None:
            return entity
        if not name:
            raise CommandError(f"No hay una entidad «{slug}»: dé su nombre con --name.")
        return itagui.new_entity(slug, name)
