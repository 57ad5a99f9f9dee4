from django.core.management.base import BaseCommand

from rinde.entity import work
from rinde.plan import figures
from rinde.plan.models import Plan


class Command(BaseCommand):
    help = "Recompute the stored dashboard figures of every development plan."

    def handle(self, *args, **options):
        # Each entity's plans with that entity active (entity.work).
        work.for_each_entity(self.rebuild_all)

    def rebuild_all(self) -> None:
        for plan in Plan.objects.all():
            written = figures.rebuild(plan)
            self.stdout.write(f"{plan}: {written} filas de cifras")
