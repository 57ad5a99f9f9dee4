from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rinde.demo"
    verbose_name = "Demostración Itagüí 2023"
