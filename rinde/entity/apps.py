from django.apps import AppConfig


class EntityConfig(AppConfig):
    name = "rinde.entity"
    verbose_name = "Entidad"

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which the app
        # registry allows only once every app is ready.
        from rinde.entity import signals  # noqa: F401, PLC0415  (cache invalidation only)
