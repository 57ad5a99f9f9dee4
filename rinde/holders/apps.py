from django.apps import AppConfig


class HoldersConfig(AppConfig):
    name = "rinde.holders"
    verbose_name = "Datos personales (derechos del titular)"
