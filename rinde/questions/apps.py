from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "rinde.questions"
    verbose_name = "Preguntas ciudadanas"
