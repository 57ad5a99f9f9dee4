from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "rinde.transparency"
    verbose_name = "Transparencia y Participa"
