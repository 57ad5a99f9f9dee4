from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What the operator runs across every app: the hourly clean-up and the metrics page.
    It sits above the apps it reaches into, so `core` stays below all of them."""

    name = "rinde.operations"
    verbose_name = "Operación"
