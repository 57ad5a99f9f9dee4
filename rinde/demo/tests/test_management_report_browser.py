import pytest
from django.core.management import call_command

from rinde.core.tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_management_reports_html_version_reads_on_a_phone(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--quiet-accounts")
    for width, height in [(390, 844), (1280, 800)]:
        context = browser.new_context(locale="es-CO", viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_server.url + "/rendicion/2023/#documentos")
        # Nothing wider than the screen: the report's tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        context.close()
