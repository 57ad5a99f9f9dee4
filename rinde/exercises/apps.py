from django.apps import AppConfig
from django.urls import register_converter


class ExercisesConfig(AppConfig):
    name = "rinde.exercises"
    verbose_name = "Ejercicios de rendición de cuentas"

    def ready(self) -> None:
        from rinde.exercises import signals  # noqa: F401  (page-cache invalidation only)
        from rinde.exercises.converters import ExerciseSlugConverter

        # Every app's URLs name an exercise as <exercise:slug>; URL modules load after this.
        register_converter(ExerciseSlugConverter, "exercise")

        from rinde.accounts import todo
        from rinde.exercises import todo as exercises_todo

        # The staff to-do list (accounts.todo): this app's pending work.
        todo.register("exercises", exercises_todo.pending_for)
