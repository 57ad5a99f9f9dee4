from django.apps import AppConfig


class EntityConfig(AppConfig):
    name = "rinde.entity"
    verbose_name = "Entidad"

    def ready(self) -> None:
        from rinde.entity import signals  # noqa: F401  (cache invalidation only)
