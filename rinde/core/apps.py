from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rinde.core"
    verbose_name = "Núcleo"

    def ready(self) -> None:
        from rinde.core import checks  # noqa: F401  (registers the deploy checks)
