from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "rinde.search"
    verbose_name = "Búsqueda"

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which the app
        # registry allows only once every app is ready.
        from rinde.search import signals  # noqa: PLC0415

        signals.connect()
