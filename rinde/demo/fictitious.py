"""The demo entity's contact data, all of it fictitious, in a module of its own so the demo
loaders can read it without importing rinde.demo.itagui, which imports them."""

from rinde.entity.models import EntityKind

# The demo names the Alcaldía de Itagüí, but every contact datum is fictitious (issue 15): a
# NIT of zeros, an address and a phone that do not exist, addresses under the reserved
# .invalid domain, and no social accounts, so nobody mistakes the demo for the real entity.
FICTITIOUS_SITE = "https://alcaldia.demo.rinde.invalid/"
ENTITY = {
    "name": "Alcaldía de Itagüí",
    "short_name": "Alcaldía de Itagüí",
    "kind": EntityKind.ALCALDIA,
    "municipality": "Itagüí",
    "departamento": "Antioquia",
    "nit": "000000000-0",
    "primary_colour": "#004884",
    "secondary_colour": "#3366CC",
    "address": "Calle Ficticia 00 No. 00-00, sede de demostración",
    "opening_hours": "Lunes a jueves de 7:30 a. m. a 5:30 p. m.; viernes de 7:30 a. m. a 4:30 p. m.",
    "phones": "(000) 000 00 00 (teléfono de demostración)",
    "email": "atencion@alcaldia.demo.rinde.invalid",
    "judicial_email": "notificaciones@alcaldia.demo.rinde.invalid",
    "website": FICTITIOUS_SITE,
    "facebook_url": "",
    "x_url": "",
    "instagram_url": "",
    "youtube_url": "",
}
# Where the demo's recordings and videos "are": a fictitious address, never a real account.
FICTITIOUS_VIDEO = FICTITIOUS_SITE + "videos/"
