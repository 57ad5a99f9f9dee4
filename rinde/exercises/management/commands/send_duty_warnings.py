from django.core.management.base import BaseCommand

from rinde.exercises.tasks import send_duty_warnings


class Command(BaseCommand):
    help = (
        "Encola los avisos de las obligaciones del calendario legal que vencen pronto o ya "
        "vencieron (ejecútelo a diario; cada aviso sale una sola vez)."
    )

    def handle(self, *args, **options):
        result = send_duty_warnings.enqueue()
        self.stdout.write(f"Avisos del calendario legal encolados: {result.id}")
