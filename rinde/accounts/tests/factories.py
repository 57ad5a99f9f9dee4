"""Plain helpers that build people for tests (style.md: make_* instead of factory libraries)."""

from itertools import count

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts import memberships
from rinde.accounts.models import Role, User
from rinde.entity import scoping
from rinde.entity.models import Entity

_numbers = count(1)
PASSWORD = "clave-de-prueba-123"


def make_user(
    role: Role = Role.CITIZEN,
    *,
    departments=(),
    username: str = "",
    entity: Entity | None = None,
    **fields,
) -> User:
    """A person; staff get `role` (and `departments`) in `entity`, by default their
    departments' entity, the active one, or the installation's first entity, or, when none exists yet, in the first one created
    (accounts.signals, as for the first administrator)."""
    username = username or f"{role}-{next(_numbers)}"
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=fields.pop("email", f"{username}@example.org"),
        role=role,
        **fields,
    )
    departments = list(departments)
    entity = entity or (departments[0].entity if departments else None) or scoping.active()
    entity = entity or Entity.objects.order_by("pk").first()
    if role != Role.CITIZEN and entity is not None:
        memberships.grant(user, entity, role, departments)
    return user


def make_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="prueba", confirmed=True)


def login_verified(client, user: User) -> None:
    """Log `client` in as `user` with the second factor already verified."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or make_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
