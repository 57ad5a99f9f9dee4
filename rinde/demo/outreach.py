"""Demo 2023 communication plan: pieces across all ten channels with one audience left
uncovered on purpose (so the warning shows), and the weekly TV programme. Idempotent."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image, ImageDraw

from rinde.demo.fictitious import FICTITIOUS_VIDEO
from rinde.exercises.models import Exercise
from rinde.outreach.models import (
    Audience,
    Bulletin,
    Channel,
    Deliverable,
    DeliverableKind,
    Delivery,
    DeliveryStatus,
    Episode,
    MediaContact,
    MediaList,
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
    exercise = Exercise.objects.get(slug="2023")
    load_archive(exercise)
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
                video_url=f"{FICTITIOUS_VIDEO}programa-{i + 1}",
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
    ("RCN Radio", "national", "radio"),
    ("Noticias Caracol", "national", "tv"),
]

# (name, description, scope of its outlets)
LISTS = [
    ("Medios locales", "Emisoras, periódicos y medios digitales de Itagüí.", "local"),
    ("Medios regionales", "Medios de Antioquia y del Valle de Aburrá.", "regional"),
    ("Medios nacionales", "Cadenas de radio y televisión nacionales.", "national"),
]
# The demo bulletin went to these lists (not to the national media).
SENT_TO = ["Medios locales", "Medios regionales"]


def load_bulletins() -> None:
    """A demo media list (fictional addresses) and one bulletin already sent to it."""
    contacts = []
    for i, (outlet, scope, medium) in enumerate(MEDIA, start=1):
        contact, _created = MediaContact.objects.get_or_create(
            email=f"prensa{i}@medios.demo.invalid",
            defaults={"outlet": outlet, "scope": scope, "medium": medium},
        )
        contacts.append(contact)
    media_lists = {}
    for name, description, scope in LISTS:
        media_list, _created = MediaList.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        media_list.contacts.add(*[c for c in contacts if c.scope == scope])
        media_lists[name] = media_list
    sent_at = datetime(2023, 12, 10, 9, 0, tzinfo=ZoneInfo("America/Bogota"))
    bulletin, _created = Bulletin.objects.get_or_create(
        slug="audiencia-publica-rendicion-de-cuentas-2023",
        defaults={
            "exercise": Exercise.objects.get(slug="2023"),
            "title": "La Alcaldía de Itagüí rinde cuentas el 15 de diciembre",
            "lead": "La audiencia pública de rendición de cuentas 2023 será en el CAMI y se transmitirá por Facebook Live.",
            "body": "<p>La administración presentará el balance del Plan de Desarrollo «Itagüí Ciudad de Oportunidades 2020-2023» y responderá las preguntas de la ciudadanía.</p><p>Inscríbase para asistir o intervenir en la página de la rendición de cuentas.</p>",
            "published_at": sent_at,
        },
    )
    chosen = [media_lists[name] for name in SENT_TO]
    bulletin.lists.add(*chosen)
    # The unique (bulletin, contact) pair makes this idempotent, as in the real send.
    Delivery.objects.bulk_create(
        [
            Delivery(
                bulletin=bulletin,
                contact=c,
                status=DeliveryStatus.SENT,
                attempts=1,
                sent_at=sent_at,
            )
            for c in MediaContact.objects.filter(lists__in=chosen).distinct()
        ],
        ignore_conflicts=True,
    )


# (kind, title, alt text, credit, colours of the generated picture, video link, captions)
ARCHIVE = [
    (
        DeliverableKind.PHOTO,
        "Audiencia pública en el CAMI",
        "El alcalde habla desde la tarima ante el auditorio lleno del CAMI.",
        "Oficina de Comunicaciones, Alcaldía de Itagüí",
        ("#004884", "#ffd200"),
        "",
        False,
    ),
    (
        DeliverableKind.PHOTO,
        "Mesa de preguntas ciudadanas",
        "Dos funcionarias reciben preguntas escritas de vecinos en una mesa con formularios.",
        "Oficina de Comunicaciones, Alcaldía de Itagüí",
        ("#3366cc", "#ffffff"),
        "",
        False,
    ),
    (
        DeliverableKind.PHOTO,
        "Pasacalles en el parque principal",
        "Un pasacalle que invita a la audiencia cuelga entre dos árboles del parque principal.",
        "Laura Restrepo (fotógrafa)",
        ("#2e7d32", "#f5f5f5"),
        "",
        False,
    ),
    (
        DeliverableKind.VIDEO,
        "Transmisión completa de la audiencia pública",
        "",
        "Facebook Live de la Alcaldía",
        None,
        FICTITIOUS_VIDEO + "audiencia-2023",
        True,
    ),
    (
        DeliverableKind.VIDEO,
        "Promo audiovisual de la rendición de cuentas",
        "",
        "",
        None,
        FICTITIOUS_VIDEO + "promo-2023",
        False,
    ),
    (
        DeliverableKind.DESIGN,
        "Afiche de invitación a la audiencia",
        "",
        "Diseño: Oficina de Comunicaciones",
        ("#ffd200", "#004884"),
        "",
        False,
    ),
]


def demo_picture(background: str, accent: str) -> bytes:
    """A small generated PNG standing in for a real photo or design."""
    image = Image.new("RGB", (480, 300), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 190, 440, 260), fill=accent)
    draw.ellipse((190, 40, 290, 140), fill=accent)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def load_archive(exercise: Exercise) -> None:
    for kind, title, alt_text, credit, colours, video_url, captions in ARCHIVE:
        if Deliverable.objects.filter(exercise=exercise, title=title).exists():
            continue
        item = Deliverable(
            exercise=exercise,
            kind=kind,
            title=title,
            alt_text=alt_text,
            credit=credit,
            video_url=video_url,
            has_captions=captions,
        )
        if colours:
            item.file.save(f"{slugify(title)}.png", ContentFile(demo_picture(*colours)), save=False)
        item.save()
