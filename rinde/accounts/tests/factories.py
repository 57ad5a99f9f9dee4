"""Plain helpers that build people for tests (style.md: make_* instead of factory libraries)."""

from itertools import count

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts.models import Role, User
from rinde.entity import scoping

_numbers = count(1)
PASSWORD = "clave-de-prueba-123"


def make_user(role: Role = Role.CITIZEN, *, departments=(), username: str = "", **fields) -> User:
    username = username or f"{role}-{next(_numbers)}"
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=fields.pop("email", f"{username}@example.org"),
        role=role,
        **fields,
    )
    if departments:
        # The departments' entity is the one whose rows the relation reads.
        with scoping.activate(departments[0].entity):
            user.departments.set(departments)
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
