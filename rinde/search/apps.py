from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "rinde.search"
    verbose_name = "Búsqueda"

    def ready(self) -> None:
        from rinde.search import signals

        signals.connect()
