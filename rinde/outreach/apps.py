from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "rinde.outreach"
    verbose_name = "Difusión"
