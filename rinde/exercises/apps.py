from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "rinde.exercises"
    verbose_name = "Ejercicios de rendición de cuentas"
