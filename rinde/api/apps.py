from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rinde.api"
    verbose_name = "API de solo lectura"
