"""The Itagüí 2023 demo data. The entity and its departments follow the Alcaldía de Itagüí's
structure; people's names are fictional."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts import memberships
from rinde.accounts.models import Role, User
from rinde.demo import (
    consultations,
    current,
    evaluation,
    forum,
    improvements,
    management_report,
    outreach,
    plan,
    questions,
)
from rinde.demo import exercises as demo_exercises
from rinde.demo import fieldwork as demo_fieldwork
from rinde.demo import transparency as demo_transparency
from rinde.demo.fictitious import ENTITY
from rinde.entity.models import Department, DepartmentKind, Entity, NonWorkingDay
from rinde.entity.slugs import free_slug
from rinde.exercises.models import Event, EventKind, Exercise, Modality, PlanningInstrument

DEMO_PASSWORD = "itagui-2023-demo"  # noqa: S105 - a published demo password, never production  # nosec B105

S, D, DIR = (
    DepartmentKind.SECRETARIA,
    DepartmentKind.ADMINISTRATIVE_DEPARTMENT,
    DepartmentKind.DIRECTORATE,
)
# (code, name, kind, head's fictional name, head's title)
DEPARTMENTS = [
    (
        "planeacion",
        "Departamento Administrativo de Planeación",
        D,
        "Laura Restrepo Gómez",
        "Directora de Planeación",
    ),
    (
        "tic",
        "Dirección Administrativa de las TIC",
        DIR,
        "Andrés Felipe Zapata",
        "Director de las TIC",
    ),
    (
        "comunicaciones",
        "Secretaría de las Comunicaciones",
        S,
        "Catalina Ospina Vélez",
        "Secretaria de las Comunicaciones",
    ),
    ("gobierno", "Secretaría de Gobierno", S, "Juan Camilo Arango", "Secretario de Gobierno"),
    ("hacienda", "Secretaría de Hacienda", S, "Mónica Cardona Ríos", "Secretaria de Hacienda"),
    (
        "educacion",
        "Secretaría de Educación y Cultura",
        S,
        "Diana Marcela Henao",
        "Secretaria de Educación y Cultura",
    ),
    (
        "salud",
        "Secretaría de Salud y Protección Social",
        S,
        "Jorge Iván Mesa",
        "Secretario de Salud",
    ),
    (
        "infraestructura",
        "Secretaría de Infraestructura",
        S,
        "Santiago Betancur Mejía",
        "Secretario de Infraestructura",
    ),
    ("movilidad", "Secretaría de Movilidad", S, "Paula Andrea Londoño", "Secretaria de Movilidad"),
    (
        "medio-ambiente",
        "Secretaría de Medio Ambiente",
        S,
        "Carlos Mario Quintero",
        "Secretario de Medio Ambiente",
    ),
    ("seguridad", "Secretaría de Seguridad", S, "Hernán Darío Correa", "Secretario de Seguridad"),
    (
        "participacion",
        "Secretaría de Participación e Inclusión Social",
        S,
        "Luz Elena Castaño",
        "Secretaria de Participación",
    ),
    ("familia", "Secretaría de Familia", S, "Natalia Agudelo Toro", "Secretaria de Familia"),
    (
        "vivienda",
        "Secretaría de Vivienda y Hábitat",
        S,
        "Felipe Echeverri Soto",
        "Secretario de Vivienda",
    ),
    (
        "desarrollo-economico",
        "Secretaría de Desarrollo Económico",
        S,
        "Adriana Posada Jaramillo",
        "Secretaria de Desarrollo Económico",
    ),
    ("juridica", "Secretaría Jurídica", S, "Ricardo Alzate Muñoz", "Secretario Jurídico"),
    ("general", "Secretaría General", S, "Gloria Patricia Úsuga", "Secretaria General"),
    (
        "servicios-administrativos",
        "Secretaría de Servicios Administrativos",
        S,
        "Mauricio Vélez Ochoa",
        "Secretario de Servicios Administrativos",
    ),
    (
        "evaluacion-control",
        "Secretaría de Evaluación y Control",
        S,
        "Beatriz Elena Rúa",
        "Secretaria de Evaluación y Control",
    ),
    (
        "deporte",
        "Secretaría del Deporte y la Recreación",
        S,
        "Óscar Darío Monsalve",
        "Secretario del Deporte",
    ),
]

# Entity-decreed non-working days in the demo year (an example of the setting).
NON_WORKING_DAYS = [
    (date(2023, 12, 24), "Nochebuena (domingo)", "Ejemplo de demostración"),
    (date(2023, 12, 31), "Fin de año (domingo)", "Ejemplo de demostración"),
]

# (username, first name, last name, role, department codes, position)
ACCOUNTS = [
    ("admin", "Sandra", "Múnera", Role.ADMIN, [], "Administradora de la plataforma"),
    ("tic", "Andrés Felipe", "Zapata", Role.ICT, ["tic"], "Profesional de la Dirección de las TIC"),
    (
        "comunicaciones",
        "Catalina",
        "Ospina",
        Role.COMMUNICATIONS,
        ["comunicaciones"],
        "Profesional de Comunicaciones",
    ),
    ("planeacion", "Laura", "Restrepo", Role.PLANNING, ["planeacion"], "Profesional de Planeación"),
    (
        "enlace",
        "Santiago",
        "Betancur",
        Role.OFFICER,
        ["infraestructura", "movilidad"],
        "Enlace de Infraestructura y Movilidad",
    ),
    ("veeduria", "Rubén", "Galeano", Role.OVERSIGHT, [], "Veedor ciudadano"),
    ("ciudadano", "María", "Gómez", Role.CITIZEN, [], ""),
]


def load() -> str:
    entity = Entity.objects.order_by("pk").first()
    if entity is None:
        entity = Entity(**ENTITY)
        entity.slug = free_slug(entity.short_name or entity.name)
    else:
        for field, value in ENTITY.items():
            setattr(entity, field, value)
    entity.full_clean()
    entity.save()

    departments = {}
    for code, name, kind, head, title in DEPARTMENTS:
        departments[code], _ = Department.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "head_name": head, "head_title": title}
        )
    for day, reason, act in NON_WORKING_DAYS:
        NonWorkingDay.objects.update_or_create(date=day, defaults={"reason": reason, "act": act})

    for username, first, last, role, codes, position in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.role, user.position = first, last, role, position
        user.email = f"{username}@demo.rinde.invalid"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        if role != Role.CITIZEN:
            memberships.grant(user, entity, role, [departments[c] for c in codes])
        if (
            role != Role.CITIZEN
            and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        ):
            TOTPDevice.objects.create(user=user, name="Demostración", confirmed=True)

    exercise, _ = Exercise.objects.update_or_create(
        slug="2023",
        defaults={
            "year": 2023,
            "title": "Rendición de Cuentas 2023",
            "planning_instrument": PlanningInstrument.PAAC,
            "summary": (
                "El ejercicio de rendición de cuentas de la Alcaldía de Itagüí sobre el Plan de "
                "Desarrollo «Itagüí Ciudad de Oportunidades 2020-2023»."
            ),
            "starts_on": date(2023, 1, 16),
            "ends_on": date(2024, 1, 31),
            "is_published": True,
        },
    )
    bogota = ZoneInfo("America/Bogota")
    Event.objects.update_or_create(
        exercise=exercise,
        kind=EventKind.HEARING,
        defaults={
            "title": "Audiencia pública de rendición de cuentas 2023",
            "starts_at": datetime(2023, 12, 15, 8, 0, tzinfo=bogota),
            "ends_at": datetime(2023, 12, 15, 11, 0, tzinfo=bogota),
            "modality": Modality.HYBRID,
            "place": "Auditorio del Centro Administrativo Municipal de Itagüí (CAMI)",
            "address": ENTITY["address"],
            "stream_url": "",
        },
    )

    demo_exercises.load()
    plan.load()
    questions.load()
    # The management report is made from the plan's and the questions' figures above.
    management_report.load()
    consultations.load()
    forum.load()
    demo_fieldwork.load()
    outreach.load()
    # Last: the evaluation report freezes the figures of everything above.
    evaluation.load()
    improvements.load()
    demo_transparency.load()
    # The current exercise, open on the day of the load; 2023 above is the past.
    current_exercise = current.load()
    # Last: the site search's index from everything public above (rinde.search).
    call_command("rebuild_search_index", verbosity=0)

    return (
        f"Demo cargado: {entity.name}, {Department.objects.count()} dependencias, "
        f"{User.objects.count()} cuentas; ejercicio actual: /rendicion/{current_exercise.slug}/."
    )


def accounts_table() -> str:
    lines = [
        "",
        f"Cuentas de demostración (contraseña para todas: {DEMO_PASSWORD})",
        "El segundo factor muestra su código en pantalla mientras RINDE_DEMO=1.",
    ]
    for username, _first, _last, role, codes, _position in ACCOUNTS:
        scope = f" — {', '.join(codes)}" if codes and role == Role.OFFICER else ""
        lines.append(f"  {username:<16} {Role(role).label}{scope}")
    return "\n".join(lines) + "\n"
