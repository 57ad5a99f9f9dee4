from django.core.management.base import BaseCommand

from rinde.hosting.figures import refresh


class Command(BaseCommand):
    help = (
        "Recalcula las cifras públicas de cada entidad que muestra /entidades/ (también lo "
        "hace la limpieza periódica, cada hora)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"entities' public figures refreshed: {refresh()}")
