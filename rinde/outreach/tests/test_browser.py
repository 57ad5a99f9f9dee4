import pytest

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.exercises.tests.factories import make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_episodes_page_and_the_coverage_matrix_have_no_axe_violations(
    live_server, page, entity, communications_user
):
    from django.test import Client

    make_exercise()
    page.goto(live_server.url + "/rendicion/2023/programa-de-television/")
    assert axe_violations(page) == []
    client = Client()
    login_verified(client, communications_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/panel/difusion/")
    assert "Matriz de cobertura" in page.content()
    assert axe_violations(page) == []


def test_bulletin_pages_have_no_axe_violations(live_server, page, entity, communications_user):
    from rinde.outreach import bulletins
    from rinde.outreach.models import Bulletin

    bulletin = Bulletin.objects.create(
        title="Audiencia pública",
        slug="audiencia",
        lead="La Alcaldía rinde cuentas.",
        body="<p>Texto</p>",
    )
    bulletins.publish(bulletin, actor=communications_user)
    for path in ["/boletines/", "/boletines/audiencia/"]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_the_archive_has_no_axe_violations_and_filters_and_pages_without_javascript(
    live_server, browser, page, entity
):
    from rinde.outreach.models import DeliverableKind
    from rinde.outreach.tests.factories import make_deliverable

    exercise = make_exercise()
    for i in range(26):
        make_deliverable(exercise, title=f"Foto {i}")
    make_deliverable(exercise, DeliverableKind.VIDEO, title="Video resumen")
    make_deliverable(exercise, DeliverableKind.DESIGN, title="Afiche de la audiencia")
    url = live_server.url + "/rendicion/2023/archivo/"
    page.goto(url)
    assert axe_violations(page) == []
    page.goto(url + "?tipo=video")
    assert axe_violations(page) == []

    context = browser.new_context(java_script_enabled=False, locale="es-CO")
    try:
        no_js = context.new_page()
        no_js.goto(url)
        no_js.get_by_role("link", name="Siguiente").click()
        assert "Página 2 de 2" in no_js.content()
        no_js.get_by_role("link", name="Video", exact=True).click()
        assert "tipo=video" in no_js.url
        assert no_js.get_by_role("heading", name="Video resumen").is_visible()
        assert no_js.get_by_role("heading", name="Foto 1", exact=True).count() == 0
    finally:
        context.close()


def _deliveries_in_every_state(bulletin) -> None:
    """The bulletin's table with each status the staff page words differently."""
    from datetime import timedelta

    from django.utils import timezone

    from rinde.outreach.models import Delivery, DeliveryStatus, MediaContact

    now = timezone.now()
    states = [
        {"status": DeliveryStatus.SENT, "sent_at": now},
        {"status": DeliveryStatus.QUEUED},
        {
            "status": DeliveryStatus.QUEUED,
            "attempts": 1,
            "next_attempt_at": now + timedelta(minutes=1),
            "error": "SMTPConnectError: 554 No",
        },
        {"status": DeliveryStatus.SENDING, "claimed_at": now},
        {"status": DeliveryStatus.FAILED, "attempts": 4, "error": "TimeoutError: timed out"},
        {"status": DeliveryStatus.UNCONFIRMED, "error": "SMTPServerDisconnected: closed"},
    ]
    for i, fields in enumerate(states):
        contact = MediaContact.objects.create(
            outlet=f"Medio {i}", scope="local", medium="radio", email=f"m{i}@medio.example"
        )
        Delivery.objects.create(bulletin=bulletin, contact=contact, **fields)


def test_the_archive_and_media_list_panels_have_no_axe_violations(
    live_server, page, entity, communications_user
):
    from django.test import Client

    from rinde.outreach.models import MediaContact, MediaList
    from rinde.outreach.tests.factories import make_deliverable

    make_deliverable(make_exercise())
    media_list = MediaList.objects.create(name="Medios locales")
    media_list.contacts.add(
        MediaContact.objects.create(
            outlet="Emisora Sur", scope="local", medium="radio", email="sur@medio.example"
        )
    )
    MediaContact.objects.create(
        outlet="Diario Nacional", scope="national", medium="print", email="dn@medio.example"
    )
    from rinde.outreach.models import Bulletin

    bulletin = Bulletin.objects.create(title="Audiencia", slug="a", lead="L", body="<p>T</p>")
    _deliveries_in_every_state(bulletin)
    client = Client()
    login_verified(client, communications_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for path in [
        f"/panel/difusion/boletines/{bulletin.pk}/",
        "/panel/difusion/archivo/",
        "/panel/difusion/archivo/nuevo/",
        "/panel/difusion/listas/",
        f"/panel/difusion/listas/{media_list.pk}/",
    ]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path


def test_the_zip_status_updates_itself_while_the_zip_is_built(
    live_server, page, entity, communications_user
):
    from django.test import Client

    from rinde.outreach.models import ArchiveExport, ExportStatus

    # Queued, as while a busy worker has not reached it yet.
    export = ArchiveExport.objects.create(exercise=make_exercise())
    client = Client()
    login_verified(client, communications_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/panel/difusion/archivo/")
    assert "En cola" in page.locator("#zip-status").inner_text()
    ArchiveExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error="Sin disco")
    page.locator("#zip-status", has_text="Falló").wait_for(timeout=8000)
    assert "Sin disco" in page.locator("#zip-status").inner_text()
    assert axe_violations(page) == []
