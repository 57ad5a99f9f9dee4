from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "rinde.questions"
    verbose_name = "Preguntas ciudadanas"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which Django's app
        # registry only allows once every app is loaded (this file is read before that).
        from rinde.accounts import todo  # noqa: PLC0415
        from rinde.questions import checks, signals  # noqa: F401, PLC0415
        from rinde.questions import todo as questions_todo  # noqa: PLC0415

        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("questions", questions_todo.pending_for)
