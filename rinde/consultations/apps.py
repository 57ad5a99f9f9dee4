from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "rinde.consultations"
    verbose_name = "Consultas: encuesta de temas"

    def ready(self) -> None:
        from rinde.accounts import todo
        from rinde.consultations import todo as consultations_todo

        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("consultations", consultations_todo.pending_for)
