"""The demo's people: their accounts, created in one place, and how the demo's other
loaders find them.

Users are site-wide, not an entity's (docs/tenancy.md), and so are usernames, e-mail
addresses and the demo's typed-back codes. The installation's first entity keeps the demo's
plain names (`make demo`, the README's accounts table); the demo loaded for any other
entity (`load_demo --entity <slug>`) names its people and codes after that entity's slug, so
that two demos side by side never match each other's rows."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts import memberships
from rinde.accounts.models import Role, User
from rinde.entity import scoping
from rinde.entity.models import Department, Entity

DEMO_PASSWORD = "itagui-2023-demo"  # noqa: S105 - a published demo password, never production  # nosec B105

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


def is_home(entity: Entity) -> bool:
    """Whether `entity` is the installation's first entity, whose demo keeps plain names."""
    first = Entity.objects.order_by("pk").values_list("pk", flat=True).first()
    return first is None or entity.pk == first


def _demo_entity() -> Entity:
    entity = scoping.active()
    if entity is None:
        raise RuntimeError("The demo loads inside scoping.activate(<its entity>).")
    return entity


def suffix(entity: Entity | None = None) -> str:
    """What the demo appends to its site-wide names for `entity` (the active one unless
    told): nothing for the first entity, "-<slug>" for any other."""
    entity = entity or _demo_entity()
    return "" if is_home(entity) else f"-{entity.slug}"


def username(base: str, entity: Entity | None = None) -> str:
    return base + suffix(entity)


def user(base: str) -> User:
    """The active demo's account for the demo username `base` ("tic", "planeacion"…)."""
    return User.objects.get(username=username(base))


def users(base: str):
    return User.objects.filter(username=username(base))


def code(demo_code: str) -> str:
    """A site-wide unique demo code ("RC-DEMO001", "CP2023-DEMO01") for the active demo:
    itself for the first entity, its "DEMO" marked with the entity's number for any other:
    "RC-D7E001" for entity 7 (registration codes hold 12 characters: up to entity 9999)."""
    entity = _demo_entity()
    return demo_code if is_home(entity) else demo_code.replace("DEMO", f"D{entity.pk}E", 1)


def load(departments: dict[str, Department]) -> list[User]:
    """Create or update the demo's accounts for the active demo: each with its role, its
    departments and a confirmed second factor (staff), the password set once."""
    loaded = []
    for base, first, last, role, codes, position in ACCOUNTS:
        account, created = User.objects.get_or_create(username=username(base))
        account.first_name, account.last_name, account.role = first, last, role
        account.position = position
        account.email = f"{account.username}@demo.rinde.invalid"
        if created:
            account.set_password(DEMO_PASSWORD)
        account.save()
        if role != Role.CITIZEN:
            # Rights are per entity: the demo's staff are members of the demo's entity.
            memberships.grant(account, _demo_entity(), role, [departments[c] for c in codes])
        if (
            role != Role.CITIZEN
            and not TOTPDevice.objects.filter(user=account, confirmed=True).exists()
        ):
            TOTPDevice.objects.create(user=account, name="Demostración", confirmed=True)
        loaded.append(account)
    return loaded


def table(entity: Entity | None = None) -> str:
    """The accounts as `load_demo` prints them (for `entity`, the first one unless told)."""
    end = suffix(entity) if entity is not None else ""
    lines = [
        "",
        f"Cuentas de demostración (contraseña para todas: {DEMO_PASSWORD})",
        "El segundo factor muestra su código en pantalla mientras RINDE_DEMO=1.",
    ]
    width = max(16, *(len(row[0] + end) + 1 for row in ACCOUNTS))
    for base, _first, _last, role, codes, _position in ACCOUNTS:
        scope = f" — {', '.join(codes)}" if codes and role == Role.OFFICER else ""
        lines.append(f"  {base + end:<{width}} {Role(role).label}{scope}")
    return "\n".join(lines) + "\n"
