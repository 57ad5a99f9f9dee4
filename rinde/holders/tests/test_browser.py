"""A citizen walks the holder's pages without JavaScript-only steps: asks for the link,
opens it, sees and downloads the data, files a request; axe at phone and desktop sizes."""

import re
import time

import pytest
from django.core import mail

from rinde.core.tests.browser import axe_violations
from rinde.holders.models import HolderRequest
from rinde.holders.tests.factories import EMAIL, make_footprint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]


def test_the_holder_flow_has_no_axe_violations(live_server, page, entity, settings, tmp_path):
    settings.SITE_URL = live_server.url
    make_footprint()
    page.goto(live_server.url + "/mis-datos/")
    for size in SIZES:
        page.set_viewport_size(size)
        page.screenshot(path=str(tmp_path / f"start-{size['width']}.png"), full_page=True)
        assert axe_violations(page) == []
    page.fill("#id_email", EMAIL)
    time.sleep(3.2)  # the form's minimum time to fill
    page.click("main button[type=submit]")
    assert "Revise su correo" in page.content()
    assert axe_violations(page) == []

    link = re.search(r"https?://\S+/mis-datos/entrar/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert axe_violations(page) == []
    page.click("main button[type=submit]")
    assert "¿Cuándo arreglan la vía 0?" in page.content()
    for size in SIZES:
        page.set_viewport_size(size)
        page.screenshot(path=str(tmp_path / f"data-{size['width']}.png"), full_page=True)
        assert axe_violations(page) == []

    with page.expect_download() as download:
        page.click("text=Descargar en CSV")
    assert download.value.suggested_filename == "mis-datos-personales.csv"

    page.check("input[value=deletion]")
    page.fill("#id_details", "Quiero que borren mis datos.")
    time.sleep(3.2)
    page.click("text=Enviar solicitud")
    holder_request = HolderRequest.objects.get()
    assert holder_request.tracking_code in page.content()
    assert axe_violations(page) == []


def test_the_staff_pages_have_no_axe_violations(live_server, browser, entity, ict_user, tmp_path):
    from django.test import Client

    from rinde.accounts.tests.factories import login_verified
    from rinde.holders import services

    make_footprint()
    holder_request = services.file_request(email=EMAIL, kind="deletion", details="Bórrenme.")
    client = Client()
    login_verified(client, ict_user)
    context = browser.new_context(locale="es-CO")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    staff = context.new_page()
    staff.goto(live_server.url + "/panel/datos-personales/")
    assert holder_request.tracking_code in staff.content()
    assert axe_violations(staff) == []
    staff.click(f"text={holder_request.tracking_code}")
    assert "Bórrenme." in staff.content()
    for size in SIZES:
        staff.set_viewport_size(size)
        staff.screenshot(path=str(tmp_path / f"staff-{size['width']}.png"), full_page=True)
        assert axe_violations(staff) == []
    staff.fill("#id_answer", "Suprimimos sus datos.")
    staff.check("#id_apply")
    staff.click("text=Enviar respuesta")
    assert "Cambios aplicados." in staff.content()
    assert axe_violations(staff) == []
    context.close()
