from django.apps import AppConfig


class ImprovementsConfig(AppConfig):
    name = "rinde.improvements"
    verbose_name = "Plan de mejoramiento"
