"""Fixtures shared by every app's tests: one person per role, a verified staff client."""

import pytest
from django.core.cache import cache

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import login_verified, make_user
from rinde.entity.tests.factories import first_entity, make_department


@pytest.fixture(autouse=True)
def _clear_cache():
    # The entity and public pages are cached: no test may see another's cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def entity(db):
    # The first entity when a fixture asked before (department) already made it: one
    # installation, not two that scoping would keep apart.
    return first_entity()


@pytest.fixture
def department(db):
    return make_department("Secretaría de Infraestructura", code="infraestructura")


@pytest.fixture
def other_department(db):
    return make_department("Secretaría de Salud", code="salud")


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, username="admin")


@pytest.fixture
def ict_user(db):
    return make_user(Role.ICT, username="tic")


@pytest.fixture
def communications_user(db):
    return make_user(Role.COMMUNICATIONS, username="comunicaciones")


@pytest.fixture
def planning_user(db):
    return make_user(Role.PLANNING, username="planeacion")


@pytest.fixture
def officer_user(db, department):
    return make_user(Role.OFFICER, username="enlace", departments=[department])


@pytest.fixture
def oversight_user(db):
    return make_user(Role.OVERSIGHT, username="veeduria")


@pytest.fixture
def citizen_user(db):
    return make_user(Role.CITIZEN, username="ciudadano")


@pytest.fixture
def staff_client(client):
    """Call with a user: returns the test client logged in with the second factor verified."""

    def login(user):
        login_verified(client, user)
        return client

    return login


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one per test session."""
    import os

    from playwright.sync_api import sync_playwright

    from rinde.core.tests.browser import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop; Django's live server is fine with it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="es-CO", viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
