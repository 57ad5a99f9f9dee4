"""Demo 2023 communication plan: pieces across all ten channels with one audience left
uncovered on purpose (so the warning shows), and the weekly TV programme. Idempotent."""

from datetime import date, timedelta

from rinde.exercises.models import Exercise
from rinde.outreach.models import (
    Audience,
    Bulletin,
    Channel,
    Delivery,
    DeliveryStatus,
    Episode,
    MediaContact,
    Piece,
    PieceStatus,
)

# (title, channel, audience indexes (1-based, seed order), start, quantity, places, status, cost)
PIECES = [
    (
        "Pasacalles de la audiencia pública",
        "Pasacalles",
        [1, 6],
        date(2023, 12, 1),
        20,
        "Parque principal, CAMI, estaciones del metro",
        PieceStatus.PUBLISHED,
        6_000_000,
    ),
    (
        "Volantes puerta a puerta",
        "Volantes",
        [2, 5, 6],
        date(2023, 11, 25),
        5000,
        "Comunas 1 a 6",
        PieceStatus.PUBLISHED,
        2_500_000,
    ),
    (
        "Fondos de pantalla institucionales",
        "Fondos de pantalla",
        [9],
        date(2023, 11, 20),
        None,
        "Equipos de la Alcaldía",
        PieceStatus.PUBLISHED,
        0,
    ),
    (
        "Carteleras en instituciones educativas",
        "Carteleras",
        [3],
        date(2023, 11, 20),
        60,
        "Instituciones educativas oficiales",
        PieceStatus.PUBLISHED,
        900_000,
    ),
    (
        "Promo audiovisual de la rendición",
        "Promos audiovisuales",
        [3, 6],
        date(2023, 12, 5),
        None,
        "Redes y pantallas",
        PieceStatus.PUBLISHED,
        4_000_000,
    ),
    (
        "Boletín de prensa: invitación a la audiencia",
        "Boletines de prensa",
        [7],
        date(2023, 12, 10),
        None,
        "",
        PieceStatus.PUBLISHED,
        0,
    ),
    (
        "Aviso en prensa escrita regional",
        "Prensa escrita",
        [6, 8],
        date(2023, 12, 8),
        None,
        "Periódico regional",
        PieceStatus.PUBLISHED,
        3_500_000,
    ),
    (
        "Pendones en sedes",
        "Pendones",
        [1, 5],
        date(2023, 12, 1),
        15,
        "Sedes de la Alcaldía",
        PieceStatus.PUBLISHED,
        1_200_000,
    ),
    (
        "Cuñas radiales",
        "Cuñas radiales",
        [5, 6],
        date(2023, 12, 4),
        40,
        "Emisoras locales",
        PieceStatus.PUBLISHED,
        5_000_000,
    ),
    (
        "Campaña en redes sociales",
        "Redes sociales",
        [3, 6, 7],
        date(2023, 11, 15),
        None,
        "Facebook, Instagram, X",
        PieceStatus.PUBLISHED,
        0,
    ),
    # Audience 4 (organizations of people with disabilities) has only a planned piece: the warning shows.
    (
        "Invitación en formatos accesibles",
        "Volantes",
        [4],
        date(2023, 12, 12),
        300,
        "Organizaciones de personas con discapacidad",
        PieceStatus.PLANNED,
        700_000,
    ),
]


def load() -> None:
    load_bulletins()
    exercise = Exercise.objects.get(year=2023)
    channels = {c.name: c for c in Channel.objects.all()}
    audiences = list(Audience.objects.all())
    for title, channel, audience_idx, start, quantity, places, status, cost in PIECES:
        piece, created = Piece.objects.get_or_create(
            exercise=exercise,
            title=title,
            defaults={
                "channel": channels[channel],
                "starts_on": start,
                "ends_on": date(2023, 12, 15),
                "quantity": quantity,
                "places": places,
                "status": status,
                "cost": cost,
                "responsible": "Secretaría de las Comunicaciones",
            },
        )
        if created:
            piece.audiences.set([audiences[i - 1] for i in audience_idx])
    if not Episode.objects.filter(exercise=exercise).exists():
        topics = [
            "Avance de obras viales",
            "Salud en los barrios",
            "Seguridad y convivencia",
            "Presupuesto participativo",
            "Invitación a la audiencia pública",
            "Balance de la rendición de cuentas",
        ]
        Episode.objects.bulk_create(
            Episode(
                exercise=exercise,
                aired_on=date(2023, 11, 4) + timedelta(weeks=i),
                tv_channel="Teleantioquia",
                topics=topic,
                video_url="https://www.youtube.com/@AlcaldiadeItagui",
                has_captions=i % 2 == 0,
            )
            for i, topic in enumerate(topics)
        )


MEDIA = [
    ("Emisora comunitaria Itagüí Estéreo", "local", "radio"),
    ("Periódico Gente Itagüí", "local", "print"),
    ("Teleantioquia Noticias", "regional", "tv"),
    ("El Colombiano", "regional", "print"),
    ("Caracol Radio Medellín", "regional", "radio"),
    ("Medio digital Sur del Valle de Aburrá", "local", "digital"),
]


def load_bulletins() -> None:
    """A demo media list (fictional addresses) and one bulletin already sent to it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    contacts = []
    for i, (outlet, scope, medium) in enumerate(MEDIA, start=1):
        contact, _created = MediaContact.objects.get_or_create(
            email=f"prensa{i}@medios.demo.invalid",
            defaults={"outlet": outlet, "scope": scope, "medium": medium},
        )
        contacts.append(contact)
    sent_at = datetime(2023, 12, 10, 9, 0, tzinfo=ZoneInfo("America/Bogota"))
    bulletin, created = Bulletin.objects.get_or_create(
        slug="audiencia-publica-rendicion-de-cuentas-2023",
        defaults={
            "exercise": Exercise.objects.get(year=2023),
            "title": "La Alcaldía de Itagüí rinde cuentas el 15 de diciembre",
            "lead": "La audiencia pública de rendición de cuentas 2023 será en el CAMI y se transmitirá por Facebook Live.",
            "body": "<p>La administración presentará el balance del Plan de Desarrollo «Itagüí Ciudad de Oportunidades 2020-2023» y responderá las preguntas de la ciudadanía.</p><p>Inscríbase para asistir o intervenir en la página de la rendición de cuentas.</p>",
            "published_at": sent_at,
        },
    )
    if created:
        Delivery.objects.bulk_create(
            Delivery(
                bulletin=bulletin,
                contact=c,
                status=DeliveryStatus.SENT,
                attempts=1,
                sent_at=sent_at,
            )
            for c in contacts
        )
