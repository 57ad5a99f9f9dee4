from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "rinde.fieldwork"
    verbose_name = "Control social de proyectos"
