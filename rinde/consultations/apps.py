from django.apps import AppConfig

from rinde.accounts import todo


class ConsultationsConfig(AppConfig):
    name = "rinde.consultations"
    verbose_name = "Consultas: encuesta de temas"

    def ready(self) -> None:
        # Imported here, not at the top: it imports models, which cannot load before the
        # app registry is ready (apps.py is imported while it is being filled).
        from rinde.consultations import todo as consultations_todo  # noqa: PLC0415

        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("consultations", consultations_todo.pending_for)
