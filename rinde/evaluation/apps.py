from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "rinde.evaluation"
    verbose_name = "Evaluación"
