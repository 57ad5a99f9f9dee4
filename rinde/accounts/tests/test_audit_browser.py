"""The audit page in a browser, on a phone and a desktop: filters, before/after, axe-clean."""

import pytest
from django.db import transaction
from django.test import Client

from rinde.accounts.tests.factories import login_verified
from rinde.core import audit
from rinde.core.tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("name", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 900)])
def test_the_audit_page_filters_and_reads_well(
    live_server, browser, entity, admin_user, department, name, width, height, tmp_path
):
    with transaction.atomic():
        audit.record(
            actor=admin_user,
            action="plan.report.save",
            target=department,
            changes={"indicators": 3, "indicador 1.2.1": ["40.00", "55.00"]},
        )
        audit.record(actor=None, action="security.login_failed", changes={"username": "ana"})
    client = Client()
    login_verified(client, admin_user)
    context = browser.new_context(locale="es-CO", viewport={"width": width, "height": height})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + "/panel/auditoria/")
    assert axe_violations(page) == []
    page.get_by_label("Tipo de acción").select_option("plan")
    page.get_by_role("button", name="Filtrar").click()
    assert "kind=plan" in page.url
    assert page.locator("tbody tr").count() == 1
    assert page.locator("del").first.inner_text() == "40.00"
    assert axe_violations(page) == []
    page.screenshot(path=tmp_path / f"audit-{name}.png", full_page=True)  # to look at
    context.close()
