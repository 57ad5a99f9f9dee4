from django.core.management.base import BaseCommand

from rinde.hosting import usage


class Command(BaseCommand):
    help = "Recalcula el uso de cada entidad (almacenamiento, preguntas, correos) para /anfitrion/."

    def handle(self, *args, **options):
        count = usage.refresh()
        self.stdout.write(f"{count} entidades")
