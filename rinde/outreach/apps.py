from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "rinde.outreach"
    verbose_name = "Difusión"

    def ready(self) -> None:
        # Imported here, not at the top: it loads models, which the app registry allows
        # only once every app is ready.
        from rinde.outreach import signals  # noqa: F401, PLC0415
