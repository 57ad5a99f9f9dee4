# The seed strategy's ten channels and nine audiences, so a fresh install has them.
from django.db import migrations

CHANNELS = [
    "Pasacalles", "Volantes", "Fondos de pantalla", "Carteleras", "Promos audiovisuales",
    "Boletines de prensa", "Prensa escrita", "Pendones", "Cuñas radiales", "Redes sociales",
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


def seed(apps, schema_editor):
    Channel = apps.get_model("outreach", "Channel")
    Audience = apps.get_model("outreach", "Audience")
    for i, name in enumerate(CHANNELS, start=1):
        Channel.objects.get_or_create(name=name, defaults={"order": i})
    for i, name in enumerate(AUDIENCES, start=1):
        Audience.objects.get_or_create(name=name, defaults={"order": i})


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
