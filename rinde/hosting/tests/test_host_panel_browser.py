"""The host's panel in a browser: the list, a new entity by keyboard, suspending with its
confirmation; axe-clean at each step."""

import pytest
from django.test import Client

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import login_verified, make_user
from rinde.core.tests.browser import axe_violations
from rinde.entity.models import Entity
from rinde.entity.tests.factories import make_entity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_host_creates_and_suspends_an_entity_with_the_keyboard(live_server, browser):
    make_entity(name="Alcaldía de Tenjo", municipality="Tenjo", slug="tenjo")
    host = make_user(Role.CITIZEN, username="anfitrion", is_superuser=True)
    client = Client()
    login_verified(client, host)
    context = browser.new_context(locale="es-CO", viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + "/anfitrion/")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Nueva entidad").click()
    assert axe_violations(page) == []
    page.locator("#id_name").fill("Alcaldía de Cota")
    page.keyboard.press("Tab")  # the next field, the slug
    page.keyboard.type("cota")
    page.locator("#id_departamento").fill("Cundinamarca")
    page.locator("#id_admin_email").fill("alcalde@cota.gov.co")
    page.locator("#id_admin_email").press("Enter")
    page.wait_for_url(live_server.url + "/anfitrion/")
    assert "Entidad «Alcaldía de Cota» creada" in page.inner_text("body")
    assert Entity.objects.filter(slug="cota").exists()

    page.get_by_role("link", name="Suspender Alcaldía de Cota").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sí, suspenderla").click()
    page.wait_for_url(live_server.url + "/anfitrion/")
    assert not Entity.objects.get(slug="cota").is_active
    assert axe_violations(page) == []
    context.close()
