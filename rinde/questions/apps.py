from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "rinde.questions"
    verbose_name = "Preguntas ciudadanas"

    def ready(self) -> None:
        from rinde.accounts import todo
        from rinde.questions import signals  # noqa: F401
        from rinde.questions import todo as questions_todo

        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("questions", questions_todo.pending_for)
