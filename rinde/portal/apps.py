from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "rinde.portal"
    verbose_name = "Portal público"
