from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "rinde.plan"
    verbose_name = "Plan de desarrollo"
