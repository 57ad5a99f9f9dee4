from django.core.management.base import BaseCommand

from rinde.exercises.tasks import send_event_reminders


class Command(BaseCommand):
    help = "Encola los recordatorios del día anterior a cada evento (ejecútelo a diario)."

    def handle(self, *args, **options):
        result = send_event_reminders.enqueue()
        self.stdout.write(f"Recordatorios encolados: {result.id}")
