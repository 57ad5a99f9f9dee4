import time

import pytest

from rinde.core.privacy import mask_contacts, mask_personal_data
from rinde.core.sanitize import strip_bidi_controls

RLO, PDF, RLI, PDI, LRM, RLM, ALM = (
    "\u202e",
    "\u202c",
    "\u2067",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
)

# Real-world ways Colombians write their contact and identity data in a public text. The
# document formats follow the Registraduría (C.C., T.I., NUIP), Migración Colombia (C.E.,
# pasaporte, PEP, PPT) and the DIAN (NIT, RUT: number and check digit).
HIDDEN = [
    # Phones and e-mails.
    ("Llámenme al 300 123 4567.", "Llámenme al [teléfono oculto]."),
    ("Al +57 3001234567 o 604-444-5555", "Al [teléfono oculto] o [teléfono oculto]"),
    ("Escriban a ana.p+rc@gmail.com.co", "Escriban a [correo oculto]"),
    ("Fijo (604) 373 76 76, casa 3737676", "Fijo [teléfono oculto], casa [teléfono oculto]"),
    ("O al 373-7676 o al 300 123 45 67", "O al [teléfono oculto] o al [teléfono oculto]"),
    # Cédula de ciudadanía, named.
    ("Soy Ana, C.C. 1.036.123.456, de Itagüí", "Soy Ana, [documento oculto], de Itagüí"),
    ("cc 43123456", "[documento oculto]"),
    ("CC43123456", "[documento oculto]"),
    ("c.c: 43.123.456 de Medellín", "[documento oculto] de Medellín"),
    ("identificado con C.C. No. 71.234.567", "identificado con [documento oculto]"),
    ("mi cédula 71.234.567", "mi [documento oculto]"),
    ("mi cedula es la 71234567", "mi [documento oculto]"),
    ("Cédula de ciudadanía número 1.017.234.567", "[documento oculto]"),
    ("C. C. 8.123.456", "[documento oculto]"),
    ("con número de documento 1036123456.", "con [documento oculto]."),
    ("documento de identidad: 43 123 456", "[documento oculto]"),
    ("identificación 98765432", "[documento oculto]"),
    # NIT and RUT, with and without the check digit.
    ("NIT 890.980.093-8", "[documento oculto]"),
    ("NIT: 890980093-8", "[documento oculto]"),
    ("Nit. 890980093", "[documento oculto]"),
    ("N.I.T. 890.980.093 - 8", "[documento oculto]"),
    ("RUT 43123456-1", "[documento oculto]"),
    # Other documents.
    ("TI 1001234567", "[documento oculto]"),
    ("T.I. 1.001.234.567 (mi hijo)", "[documento oculto] (mi hijo)"),
    ("tarjeta de identidad No. 1001234567", "[documento oculto]"),
    ("CE 123456", "[documento oculto]"),
    ("C.E. No 654321", "[documento oculto]"),
    ("cédula de extranjería 1234567", "[documento oculto]"),
    ("NUIP 1020304050", "[documento oculto]"),
    ("pasaporte AB123456", "[documento oculto]"),
    ("Pasaporte No. AT1234567", "[documento oculto]"),
    ("PPT 1234567", "[documento oculto]"),
    ("P.E.P. 123456789012345", "[documento oculto]"),
    # Bare numbers shaped like a cédula: ten digits from 10 or 11, or eight.
    ("Pregunta de Juan 1036123456 sobre vías", "Pregunta de Juan [número oculto] sobre vías"),
    ("mi número es 43123456.", "mi número es [número oculto]."),
    ("(71234567)", "([número oculto])"),
    ("1.036.123.456", "[número oculto]"),
    ("Soy Juan 1.103.123.456, vivo en Itagüí", "Soy Juan [número oculto], vivo en Itagüí"),
    # Document names written short or implied (review of issue 14).
    ("documento 43.123.456", "[documento oculto]"),
    ("ced 43.123.456", "[documento oculto]"),
    ("ced. 43123456", "[documento oculto]"),
    ("C.I. 43.123.456", "[documento oculto]"),
    ("CI 43123456", "[documento oculto]"),
    ("identificado con 43.123.456", "[documento oculto]"),
    ("identificada con C.C. 43123456", "identificada con [documento oculto]"),
    # E-mails written to slip past robots, and a mobile spelt out digit by digit.
    ("maria [arroba] example.org", "[correo oculto]"),
    ("maria(at)example.org", "[correo oculto]"),
    ("maria @ example . org", "[correo oculto]"),
    ("Escriba a maria (arroba) example [punto] org.", "Escriba a [correo oculto]."),
    ("maria arroba example punto com", "[correo oculto]"),
    ("3 0 0 1 2 3 4 5 6 7", "[teléfono oculto]"),
    ("al 3-0-0-1-2-3-4-5-6-7 o al 3.7.3.7.6.7.6", "al [teléfono oculto] o al [teléfono oculto]"),
]

KEPT = [
    # Amounts, in groups of three or next to a currency.
    "Costó 3.000.000.000, no 300.000.000",
    "El presupuesto fue de $ 4.917.500.000 para 2023",
    "Se invirtieron $45000000 en el parque",
    "Se invirtieron 45000000 pesos y 12000000 COP",
    "Unos 43.123.456 de pesos",
    "$ 1.036.123.456 es lo que costó",
    "1.036.123.456 pesos costó",
    # Years, dates, codes, addresses and contract numbers.
    "El contrato 4600012345 de 2023",
    "En 2023 y 2024, según el acta 20230115",
    "Proyecto BPIN 2020053600023",
    "Mi pregunta RC2023-ABC234 no tiene respuesta",
    "Vivo en la Calle 52 # 51-34, barrio Centro",
    "Carrera 50A # 37-21, apto 301",
    "Ley 1757 de 2015 y Decreto 1377 de 2013",
    "El CE 2023 y la TI 45",
    "Los centros y las cedulas de las vias: 123456789",
    "Código 123456789 del producto",
    "la ruta 12345",
    "Tengo 3 hijos y 2 nietos",
    # Small numbers and legal references (review of issue 14).
    "3 o 4 veces",
    "entre 1 y 2",
    "artículo 14",
    "Ley 1755 de 2015",
    "los puntos 1, 2, 3 y 4 del acta",
    "versión 2.0.1 del sistema",
    "Llegamos a las 7 y 30 en la ruta 1 2 3",
    "Escríbanos @alcaldia en la red social. Gracias",
    "La cita es en el centro: ciudad de Medellín",
    "El documento CONPES 3918 de 2018",
]


@pytest.mark.parametrize(("typed", "shown"), HIDDEN)
def test_personal_data_typed_in_a_public_text_is_hidden(typed, shown):
    assert mask_personal_data(typed) == shown


@pytest.mark.parametrize("typed", KEPT)
def test_amounts_years_codes_and_addresses_are_kept(typed):
    assert mask_personal_data(typed) == typed


def test_the_old_name_still_masks_documents():
    assert mask_contacts("cc 43123456") == "[documento oculto]"


def test_it_removes_every_direction_control_from_a_public_text():
    typed = f"Ana{RLO}gnol{PDF} {RLI}x{PDI}{LRM}{RLM}{ALM} y\u202a\u202b\u202d\u2066\u2068 fin"
    shown = mask_personal_data(typed)
    assert shown == "Anagnol x y fin"
    assert strip_bidi_controls(typed) == shown


def test_a_direction_control_cannot_hide_a_number_from_the_mask():
    assert mask_personal_data(f"cc 4312{RLO}3456") == "[documento oculto]"


def test_it_masks_a_long_text_without_an_address_quickly():
    # Trying every start inside one long run of letters made the e-mail pattern quadratic.
    started = time.perf_counter()
    mask_personal_data("a" * 20_000 + "@b " + "x.y" * 5_000 + "@")
    assert time.perf_counter() - started < 0.2
