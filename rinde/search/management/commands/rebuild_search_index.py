from collections import Counter

from django.core.management.base import BaseCommand

from rinde.entity import work
from rinde.search import indexing


class Command(BaseCommand):
    help = "Rebuild the site search's index from every public item (idempotent)."

    def handle(self, *args, **options) -> None:
        # Each entity's index from its own items (entity.work): rebuild() empties the
        # active entity's entries only.
        counts: Counter[str] = Counter()
        for entity_counts in work.for_each_entity(indexing.rebuild).values():
            counts.update(entity_counts)
        total = sum(counts.values())
        detail = ", ".join(f"{kind}: {n}" for kind, n in counts.items())
        self.stdout.write(f"Search index rebuilt: {total} entries ({detail}).")
