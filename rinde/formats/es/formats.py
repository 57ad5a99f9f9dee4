"""Colombian formats (thousands with ".", as Colombia writes them) for the "es" language:
Rinde speaks plain "es" so Django's own Spanish catalogue is used whole (settings)."""

from django.conf.locale.es_CO.formats import *  # noqa: F403
