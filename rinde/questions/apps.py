from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "rinde.questions"
    verbose_name = "Preguntas ciudadanas"

    def ready(self) -> None:
        from rinde.questions import signals  # noqa: F401
