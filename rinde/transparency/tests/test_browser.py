import os
from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.core.tests.browser import axe_violations
from rinde.exercises.models import Document, DocumentKind
from rinde.questions import services
from rinde.questions.models import AccessDenial, DenialGround
from rinde.questions.tests.factories import local, make_exercise, make_hearing, make_question
from rinde.transparency.models import ItemSetting, Setting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/transparencia/",
    "/participa/",
    "/preguntas/informe-trimestral/?anio=2023&trimestre=4",
    "/preguntas/informe-trimestral/",
]
# Set RINDE_SCREENSHOTS=/some/dir to look at the pages.
SHOTS = os.environ.get("RINDE_SCREENSHOTS", "")


def _data(ict_user):
    exercise = make_exercise()
    make_hearing(exercise)
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe de gestión 2023",
        date=timezone.localdate(),
        file="x.pdf",
        public_file="documentos/informe.pdf",
        summary="s",
        sha256="c" * 64,
        published_at=timezone.now() - timedelta(days=2),
    )
    ItemSetting.objects.create(
        number="4.9", setting=Setting.NOT_APPLICABLE, reason="No es una entidad del orden nacional."
    )
    ItemSetting.objects.create(number="3.1", setting=Setting.LINK, url="https://example.org/paa/")
    denied = make_question(exercise, text="Copia del contrato", received_at=local(2023, 11, 7))
    AccessDenial.objects.create(question=denied, ground=DenialGround.PRIVACY, partial=True)
    spam = make_question(exercise, text="Compre seguidores", received_at=local(2023, 11, 8))
    services.reject_question(spam, actor=ict_user, reason="spam")
    forwarded = make_question(exercise, text="Para la Gobernación", received_at=local(2023, 11, 9))
    services.forward_question(forwarded, actor=ict_user, authority="Gobernación de Antioquia")


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_the_menus_and_the_quarterly_report_have_no_axe_violations(
    live_server, browser, entity, ict_user, size
):
    _data(ict_user)
    context = browser.new_context(locale="es-CO", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1, path
            assert axe_violations(page) == [], path
            # Nothing wider than the screen but the scrollable tables.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, path
            if SHOTS:
                name = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_")
                page.screenshot(path=f"{SHOTS}/{name}-{size[0]}.png", full_page=True)
    finally:
        context.close()


def test_the_administrator_sets_an_item_from_the_panel(live_server, browser, entity, admin_user):
    from django.test import Client

    from rinde.accounts.tests.factories import login_verified

    client = Client()
    login_verified(client, admin_user)
    context = browser.new_context(locale="es-CO")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/panel/transparencia/")
        assert axe_violations(page) == []
        page.click("a[href='/panel/transparencia/4.9/']")
        assert axe_violations(page) == []
        page.check("input[value='not_applicable']")
        with page.expect_navigation():  # the form posts; read the page it answers with
            page.get_by_role("button", name="Guardar").click()
        # Refused without a reason: the error is said in words, next to the field.
        assert "Escriba la razón legal" in page.content()
        assert axe_violations(page) == []
        page.check("input[value='not_applicable']")
        page.fill("textarea[name=reason]", "La entidad no es del orden nacional.")
        with page.expect_navigation():
            page.get_by_role("button", name="Guardar").click()
        assert page.url.endswith("/panel/transparencia/")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/panel-list.png", full_page=True)
        page.goto(live_server.url + "/transparencia/#item-4.9")
        assert "La entidad no es del orden nacional." in page.content()
    finally:
        context.close()
    assert ItemSetting.objects.get(number="4.9").setting == Setting.NOT_APPLICABLE
