"""The Itagüí 2023 demo data. The entity and its departments follow the Alcaldía de Itagüí's
structure; people's names are fictional."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from rinde.accounts.models import User
from rinde.demo import accounts as demo_accounts
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
from rinde.entity import scoping
from rinde.entity.models import Department, DepartmentKind, Entity, NonWorkingDay
from rinde.entity.slugs import free_slug
from rinde.exercises.models import Event, EventKind, Exercise, Modality, PlanningInstrument
from rinde.search import indexing as search_indexing

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


def load(entity: Entity | None = None) -> str:
    """Load the demo into `entity`, else into the installation's first entity (made from
    the demo's fictitious data when there is none): every row is created inside
    `scoping.activate(entity)`, so that every key defaults to it and every natural key
    is matched within it."""
    if entity is None:
        entity = first_entity()
    with scoping.activate(entity):
        current_exercise = _load(entity)
        departments = Department.objects.count()
        if demo_accounts.is_home(entity):
            people = User.objects.count()
            prefix = ""
        else:
            people = len(demo_accounts.ACCOUNTS)
            prefix = f"/e/{entity.slug}"
    return (
        f"Demo cargado: {entity.name}, {departments} dependencias, "
        f"{people} cuentas; ejercicio actual: {prefix}/rendicion/{current_exercise.slug}/."
    )


def first_entity() -> Entity:
    """The installation's first entity with the demo's data, made when there is none."""
    entity = Entity.objects.order_by("pk").first()
    if entity is None:
        entity = Entity(**ENTITY)
        entity.slug = free_slug(entity.short_name or entity.name)
    else:
        for field, value in ENTITY.items():
            setattr(entity, field, value)
    entity.full_clean()
    entity.save()
    return entity


def new_entity(slug: str, name: str) -> Entity:
    """Another entity for the demo, side by side with the first: the demo's fictitious
    contact data under its own name and slug (reached at /e/<slug>/, no Domain row)."""
    entity = Entity(**{**ENTITY, "name": name, "short_name": name, "slug": slug})
    entity.full_clean()
    entity.save()
    return entity


def _load(entity: Entity) -> Exercise:
    departments = {}
    for code, name, kind, head, title in DEPARTMENTS:
        departments[code], _ = Department.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "head_name": head, "head_title": title}
        )
    for day, reason, act in NON_WORKING_DAYS:
        NonWorkingDay.objects.update_or_create(date=day, defaults={"reason": reason, "act": act})
    demo_accounts.load(departments)

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
    # Last: the site search's index from everything public above (rinde.search), the
    # demo's entity's only (the command rebuilds every entity's).
    search_indexing.rebuild()
    return current_exercise


def accounts_table(entity: Entity | None = None) -> str:
    return demo_accounts.table(entity)
