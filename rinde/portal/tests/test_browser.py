"""What only a browser shows: the page as a person meets it, keyboard and axe-core."""

import pytest

from rinde.accounts.models import Role
from rinde.accounts.second_factor import current_code
from rinde.accounts.tests.factories import PASSWORD, make_device, make_user
from rinde.core.tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_and_login_have_no_axe_violations(live_server, page, entity):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Rendición de cuentas")
    assert axe_violations(page) == []

    for path in ["/panel/ingresar/", "/datos/", "/mapa-del-sitio/", "/privacidad/", "/no-existe/"]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, page, entity):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Saltar al contenido principal"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"


def test_department_officer_logs_in_with_the_second_factor(live_server, page, entity, department):
    officer = make_user(Role.OFFICER, username="enlace", departments=[department])
    device = make_device(officer)

    page.goto(live_server.url + "/panel/")
    assert "/panel/ingresar/" in page.url
    page.get_by_label("Usuario").fill("enlace")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()

    assert "/panel/verificar/" in page.url
    assert axe_violations(page) == []
    page.get_by_label("Código de verificación").fill(current_code(device))
    page.get_by_role("button", name="Verificar").click()

    assert page.url == live_server.url + "/panel/"
    assert page.get_by_role("heading", level=1).inner_text() == "Hola, enlace"
    assert "Secretaría de Infraestructura" in page.content()
    # An officer's menu has no administrator entries.
    assert page.get_by_role("link", name="Registro de auditoría").count() == 0
    assert axe_violations(page) == []
