from django.core.management.base import BaseCommand

from rinde.accounts.tasks import send_todo_digests


class Command(BaseCommand):
    help = (
        "Pone en cola el correo diario de pendientes: a cada persona del personal con algo "
        "pendiente, su lista (la misma de la primera página del panel). Se puede correr "
        "varias veces al día: cada persona lo recibe una sola vez."
    )

    def handle(self, *args, **options):
        result = send_todo_digests.enqueue()
        self.stdout.write(f"Resumen de pendientes en cola: {result.id}")
