from django.core.management.base import BaseCommand

from rinde.plan import figures
from rinde.plan.models import Plan


class Command(BaseCommand):
    help = "Recompute the stored dashboard figures of every development plan."

    def handle(self, *args, **options):
        for plan in Plan.objects.all():
            written = figures.rebuild(plan)
            self.stdout.write(f"{plan}: {written} filas de cifras")
