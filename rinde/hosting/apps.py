from django.apps import AppConfig


class HostingConfig(AppConfig):
    """The host's pages, above every entity (docs/tenancy.md, step 10): `/entidades/`, the
    public comparison of the entities this installation serves, read from figures stored
    per entity so that its cost does not grow with their data."""

    name = "rinde.hosting"
    verbose_name = "Entidades de la instalación"
