"""Logins behind the reverse proxy (TRUSTED_PROXY_COUNT=1, REMOTE_ADDR is nginx) and the
site-wide throttle against password spraying (accounts.throttle)."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from rinde.accounts import throttle
from rinde.accounts.models import Role
from rinde.accounts.tests.factories import PASSWORD, make_user
from rinde.core.http import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def clock_driven_cache(settings):
    """Tests that move the clock need a cache whose expiry reads that clock: Redis counts
    its TTLs in real time, which time_machine cannot move (CI runs the suite with Redis)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The process keeps one local-memory cache, which conftest does not clear when the suite
    # runs with Redis: an earlier test's entity cached there would be the entity of this
    # one's new rows (entity_of_new_row), a row that no longer exists.
    cache.clear()


def log_in(client, username, password, *, address, forged=""):
    """A login post as nginx passes it on: nginx's own address as REMOTE_ADDR, and the
    person's appended to whatever X-Forwarded-For they sent."""
    forwarded = f"{forged}, {address}" if forged else address
    return client.post(
        "/panel/ingresar/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_five_bad_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(entity):
    make_user(Role.CITIZEN, username="ciudadano")
    attacker = Client()
    for number in range(5):
        # Forging X-Forwarded-For does not help: only the hop nginx wrote is read.
        log_in(attacker, "ciudadano", "mala", address="203.0.113.66", forged=f"9.9.9.{number}")
    assert log_in(attacker, "ciudadano", PASSWORD, address="203.0.113.66").status_code == 429

    response = log_in(Client(), "ciudadano", PASSWORD, address="181.50.1.2")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_lockout_and_the_audit_log_name_the_person_not_the_proxy(entity):
    from axes.models import AccessAttempt

    make_user(Role.CITIZEN, username="ciudadano")
    log_in(Client(), "ciudadano", "mala", address="203.0.113.66")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.66"]


@pytest.mark.parametrize(
    ("forwarded", "remote", "expected"),
    [
        ("181.50.1.2", PROXY, "181.50.1.2"),
        ("6.6.6.6, 181.50.1.2", PROXY, "181.50.1.2"),
        ("", PROXY, PROXY),  # straight to the app, past nginx
        ("no-es-una-ip", PROXY, PROXY),
        ("2001:DB8::1", PROXY, "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_the_proxys_hop(rf, forwarded, remote, expected):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_malformed_remote_address_gives_no_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR="basura")) is None


def test_spraying_from_fifty_addresses_slows_every_new_browser(entity, settings):
    make_user(Role.OFFICER, username="enlace")
    statuses = [
        log_in(Client(), "enlace", f"clave-{n}", address=f"198.51.100.{n}").status_code
        for n in range(1, 51)
    ]
    # The first failures (below the threshold) and one attempt per delay go through; the
    # rest of the spray waits, whatever address it comes from.
    assert statuses.count(200) == settings.LOGIN_SPRAY_THRESHOLD + 1
    assert statuses.count(429) == 50 - settings.LOGIN_SPRAY_THRESHOLD - 1
    assert throttle.under_attack()

    response = log_in(Client(), "enlace", PASSWORD, address="181.50.1.2")
    assert response.status_code == 429
    assert "Estamos recibiendo muchos intentos fallidos" in response.text
    assert response["Retry-After"] == str(settings.LOGIN_SPRAY_DELAY)
    assert 'value="enlace"' in response.text  # what the person typed stays


def test_a_new_browser_gets_one_attempt_per_account_after_the_delay(
    entity, settings, clock_driven_cache
):
    make_user(Role.OFFICER, username="enlace")
    for n in range(settings.LOGIN_SPRAY_THRESHOLD + 2):
        log_in(Client(), "enlace", "mala", address=f"198.51.100.{n}")
    assert log_in(Client(), "enlace", PASSWORD, address="181.50.1.2").status_code == 429
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31)):
        response = log_in(Client(), "enlace", PASSWORD, address="181.50.1.2")
    assert response.status_code == 302


def test_the_owners_own_browser_is_never_slowed_by_a_spray(entity, settings):
    make_user(Role.OFFICER, username="enlace")
    own = Client()
    assert log_in(own, "enlace", PASSWORD, address="181.50.1.2").status_code == 302
    own.post("/panel/salir/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="181.50.1.2")
    for n in range(settings.LOGIN_SPRAY_THRESHOLD + 10):
        log_in(Client(), "enlace", "mala", address=f"198.51.100.{n}")
    assert throttle.under_attack()

    assert log_in(own, "enlace", PASSWORD, address="181.50.1.2").status_code == 302


def test_a_device_cookie_for_one_account_does_not_spare_another(entity, settings):
    make_user(Role.CITIZEN, username="atacante")
    make_user(Role.OFFICER, username="enlace")
    attacker = Client()
    assert log_in(attacker, "atacante", PASSWORD, address="203.0.113.66").status_code == 302
    attacker.post("/panel/salir/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for n in range(settings.LOGIN_SPRAY_THRESHOLD + 2):
        log_in(Client(), "enlace", "mala", address=f"198.51.100.{n}")
    assert log_in(attacker, "enlace", "otra", address="203.0.113.66").status_code == 429


def test_no_throttle_below_the_threshold(entity, settings):
    make_user(Role.OFFICER, username="enlace")
    for n in range(settings.LOGIN_SPRAY_THRESHOLD - 1):
        assert log_in(Client(), "enlace", "mala", address=f"198.51.100.{n}").status_code == 200
    assert log_in(Client(), "enlace", PASSWORD, address="181.50.1.2").status_code == 302


def test_a_new_minute_does_not_hand_the_sprayer_a_fresh_allowance(
    entity, settings, clock_driven_cache
):
    make_user(Role.OFFICER, username="enlace")
    for n in range(settings.LOGIN_SPRAY_THRESHOLD + 1):
        log_in(Client(), "enlace", "mala", address=f"198.51.100.{n}")
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=61)):
        statuses = [
            log_in(Client(), "enlace", "mala", address=f"192.0.2.{n}").status_code
            for n in range(10)
        ]
    assert statuses == [200] + [429] * 9


def test_the_site_is_no_longer_slowed_once_the_attack_stops(entity, settings, clock_driven_cache):
    make_user(Role.OFFICER, username="enlace")
    for n in range(settings.LOGIN_SPRAY_THRESHOLD):
        log_in(Client(), "enlace", "mala", address=f"198.51.100.{n}")
    assert throttle.under_attack()
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        assert not throttle.under_attack()
        assert log_in(Client(), "enlace", PASSWORD, address="181.50.1.2").status_code == 302
