"""Periodic clean-up across the apps: one command for the operator's scheduler (README,
"Scheduled work"). Each step is idempotent and says what it did."""

from django.core.management.base import BaseCommand

from rinde.consultations.services import purge_unconfirmed_answers
from rinde.core.antispam import purge_spent_tokens
from rinde.entity import work
from rinde.hosting.figures import refresh as refresh_entity_figures
from rinde.hosting.usage import refresh as refresh_entity_usage
from rinde.outreach.archive import purge_old_zips
from rinde.outreach.bulletins import requeue_stranded
from rinde.plan.import_services import fail_stalled
from rinde.search.indexing import index_new_questions
from rinde.subscriptions.sending import requeue_stranded as requeue_stranded_notifications
from rinde.subscriptions.services import purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Limpieza periódica: borra los zips viejos del archivo de difusión, marca como "
        "fallidos los trabajos en segundo plano que quedaron a medias, olvida los tokens "
        "de formulario ya vencidos, borra las respuestas de encuesta nunca confirmadas y "
        "recalcula las cifras públicas de cada entidad (/entidades/) y su uso (/anfitrion/). "
        "Se puede correr cuantas veces se quiera."
    )

    def handle(self, *args, **options):
        # Steps on rows without the entity key (import jobs, archive zips, form tokens, a
        # notification's deliveries) run once over every entity; steps on keyed rows run
        # once per entity with it active (entity.work), their counts summed.
        each = work.total_for_each_entity
        self.stdout.write(f"stalled imports marked failed: {fail_stalled()}")
        self.stdout.write(
            f"bulletins with stranded deliveries queued again: {each(requeue_stranded)}"
        )
        for what, count in purge_old_zips().items():
            self.stdout.write(f"{what}: {count}")
        self.stdout.write(f"spent form tokens purged: {purge_spent_tokens()}")
        self.stdout.write(f"unconfirmed survey answers purged: {each(purge_unconfirmed_answers)}")
        self.stdout.write(f"unconfirmed e-mail subscriptions purged: {each(purge_unconfirmed)}")
        self.stdout.write(
            f"notifications with stranded deliveries queued again: {requeue_stranded_notifications()}"
        )
        self.stdout.write(f"new questions added to the site search: {each(index_new_questions)}")
        self.stdout.write(f"entities' public figures refreshed: {refresh_entity_figures()}")
        self.stdout.write(
            f"entities' usage for the host's panel refreshed: {refresh_entity_usage()}"
        )
