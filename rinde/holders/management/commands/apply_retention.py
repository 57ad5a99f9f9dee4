"""The daily retention run (holders.retention): idempotent, says what it removed."""

from collections import Counter

from django.core.management.base import BaseCommand

from rinde.entity import work
from rinde.holders.retention import RULES, apply_retention


class Command(BaseCommand):
    help = (
        "Aplica las reglas de retención de datos personales (docs/personal-data.md): borra "
        "los datos de contacto que la entidad ya no necesita. Se puede correr cuantas veces "
        "se quiera."
    )

    def handle(self, *args, **options):
        # Each entity's personal data under its own rules' run (entity.work): the counts
        # are the sums over the entities, as one entity's run printed them.
        totals: Counter[str] = Counter()
        for counts in work.for_each_entity(apply_retention).values():
            totals.update(counts)
        for key in (rule.key for rule in RULES):
            self.stdout.write(f"{key}: {totals[key]}")
