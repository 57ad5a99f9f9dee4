"""The daily retention run (holders.retention): idempotent, says what it removed."""

from django.core.management.base import BaseCommand

from rinde.holders.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Aplica las reglas de retención de datos personales (docs/personal-data.md): borra "
        "los datos de contacto que la entidad ya no necesita. Se puede correr cuantas veces "
        "se quiera."
    )

    def handle(self, *args, **options):
        for key, count in apply_retention().items():
            self.stdout.write(f"{key}: {count}")
