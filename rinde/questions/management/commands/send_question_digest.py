from django.core.management.base import BaseCommand
from django.utils import timezone

from rinde.entity import work
from rinde.questions.digest import send_daily_digests


class Command(BaseCommand):
    help = (
        "Envía a cada dependencia el resumen diario de preguntas vencidas y por vencer. "
        "Se puede correr varias veces al día: cada dependencia lo recibe una sola vez."
    )

    def handle(self, *args, **options):
        # Each entity's departments and questions (entity.work).
        sent = work.total_for_each_entity(send_daily_digests, timezone.localdate())
        self.stdout.write(f"Resúmenes enviados: {sent}")
