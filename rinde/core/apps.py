from django.apps import AppConfig
from django.db.backends.signals import connection_created

from rinde.core import checks  # noqa: F401  (registers the deploy checks)
from rinde.core.search import register_sqlite_unaccent


class CoreConfig(AppConfig):
    name = "rinde.core"
    verbose_name = "Núcleo"

    def ready(self) -> None:
        connection_created.connect(register_sqlite_unaccent)
