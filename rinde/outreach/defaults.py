"""The channels and audiences an entity starts with: the seed strategy's ten channels and
nine audiences (migration 0002 seeded them for the installation's one entity), each
entity's own list to edit afterwards."""

from rinde.entity.models import Entity
from rinde.outreach.models import Audience, Channel

CHANNELS = [
    "Pasacalles",
    "Volantes",
    "Fondos de pantalla",
    "Carteleras",
    "Promos audiovisuales",
    "Boletines de prensa",
    "Prensa escrita",
    "Pendones",
    "Cuñas radiales",
    "Redes sociales",
]
AUDIENCES = [
    "Organizaciones sociales",
    "Población vulnerable (pueblos indígenas, afrodescendientes, entre otros)",
    "Niños, adolescentes y jóvenes",
    "Organizaciones de personas en condición de discapacidad",
    "Adultos mayores",
    "Mujeres y hombres",
    "Medios de comunicación",
    "Corporaciones públicas de elección popular",
    "Otros niveles de gobierno y organismos de control",
]


def give_default_lists(entity: Entity) -> None:
    """Give `entity` the default channels and audiences it does not have yet (by name):
    two INSERTs, whatever it already has."""
    Channel.objects.bulk_create(
        [Channel(entity=entity, name=name, order=i) for i, name in enumerate(CHANNELS, 1)],
        ignore_conflicts=True,
    )
    Audience.objects.bulk_create(
        [Audience(entity=entity, name=name, order=i) for i, name in enumerate(AUDIENCES, 1)],
        ignore_conflicts=True,
    )
