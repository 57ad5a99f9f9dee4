from django.core.management.base import BaseCommand

from rinde.search import indexing


class Command(BaseCommand):
    help = "Rebuild the site search's index from every public item (idempotent)."

    def handle(self, *args, **options) -> None:
        counts = indexing.rebuild()
        total = sum(counts.values())
        detail = ", ".join(f"{kind}: {n}" for kind, n in counts.items())
        self.stdout.write(f"Search index rebuilt: {total} entries ({detail}).")
