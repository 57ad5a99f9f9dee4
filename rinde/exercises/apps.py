from django.apps import AppConfig
from django.urls import register_converter

from rinde.accounts import todo


class ExercisesConfig(AppConfig):
    name = "rinde.exercises"
    verbose_name = "Ejercicios de rendición de cuentas"

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which cannot load before the
        # app registry is ready (apps.py is imported while it is being filled).
        from rinde.exercises import signals  # noqa: F401, PLC0415  (page-cache invalidation only)
        from rinde.exercises import todo as exercises_todo  # noqa: PLC0415
        from rinde.exercises.converters import ExerciseSlugConverter  # noqa: PLC0415

        # Every app's URLs name an exercise as <exercise:slug>; URL modules load after this.
        register_converter(ExerciseSlugConverter, "exercise")
        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("exercises", exercises_todo.pending_for)
