from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "rinde.exercises"
    verbose_name = "Ejercicios de rendición de cuentas"

    def ready(self) -> None:
        from rinde.exercises import signals  # noqa: F401  (page-cache invalidation only)
