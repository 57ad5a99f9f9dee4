import pytest
from django.core import mail
from django.utils import timezone

from rinde.core.models import AuditEntry
from rinde.outreach import bulletins
from rinde.outreach.models import Bulletin, Delivery, MediaContact, MediaList

pytestmark = pytest.mark.django_db


def make_contact(outlet: str, scope: str = "local", medium: str = "radio", **fields):
    slug = outlet.lower().replace(" ", "")
    return MediaContact.objects.create(
        outlet=outlet, scope=scope, medium=medium, email=f"{slug}@medio.example", **fields
    )


def make_list(name: str, contacts) -> MediaList:
    media_list = MediaList.objects.create(name=name)
    media_list.contacts.set(contacts)
    return media_list


@pytest.fixture
def published_bulletin(entity, communications_user):
    bulletin = Bulletin.objects.create(
        title="Audiencia", slug="audiencia", lead="Entradilla", body="<p>Texto</p>"
    )
    return bulletins.publish(bulletin, actor=communications_user)


def test_a_contact_on_two_chosen_lists_gets_it_once_and_opted_out_and_unchosen_never(
    published_bulletin, communications_user, django_capture_on_commit_callbacks
):
    both = make_contact("Emisora Sur")
    local = make_contact("Periodico Local")
    national = make_contact("Diario Nacional", scope="national", medium="print")
    gone = make_contact("Canal Retirado", opted_out_at=timezone.now())
    elsewhere = make_contact("Solo Regional", scope="regional")
    lists = [
        make_list("Medios locales", [both, local, gone]),
        make_list("Medios nacionales", [both, national]),
    ]
    make_list("Medios regionales", [elsewhere, both])
    with django_capture_on_commit_callbacks(execute=True):
        added = bulletins.queue_sending(published_bulletin, lists=lists, actor=communications_user)
    assert added == 3
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted([both.email, local.email, national.email])
    assert Delivery.objects.filter(contact=both).count() == 1
    assert set(published_bulletin.lists.values_list("name", flat=True)) == {
        "Medios locales",
        "Medios nacionales",
    }
    entry = AuditEntry.objects.get(action="outreach.bulletin.send")
    assert entry.changes["lists"] == ["Medios locales", "Medios nacionales"]


def test_sending_later_to_another_list_adds_only_the_new_contacts(
    published_bulletin, communications_user, django_capture_on_commit_callbacks
):
    both, regional = make_contact("Emisora Sur"), make_contact("Regional", scope="regional")
    local, regional_list = make_list("Locales", [both]), make_list("Regionales", [both, regional])
    with django_capture_on_commit_callbacks(execute=True):
        bulletins.queue_sending(published_bulletin, lists=[local], actor=communications_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            bulletins.queue_sending(
                published_bulletin, lists=[regional_list], actor=communications_user
            )
            == 1
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([both.email, regional.email])


def test_the_panel_sends_to_the_chosen_lists_and_refuses_none(
    staff_client, communications_user, published_bulletin, django_capture_on_commit_callbacks
):
    chosen = make_list("Locales", [make_contact("Emisora Sur"), make_contact("Periodico")])
    make_list("Nacionales", [make_contact("Diario Nacional", scope="national")])
    client = staff_client(communications_user)
    url = f"/panel/difusion/boletines/{published_bulletin.pk}/"
    page = client.get(url)
    assert "Locales (2 medios sin baja)" in page.text
    response = client.post(url + "enviar/", follow=True)
    assert "Elija al menos una lista de medios." in response.text
    assert Delivery.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + "enviar/", {"lists": [chosen.pk]}, follow=True)
    assert "2 envíos en cola" in response.text
    assert len(mail.outbox) == 2
    assert "Enviado a: Locales" in client.get(url).text


def test_staff_create_a_list_filter_the_directory_add_and_remove_outlets(
    staff_client, communications_user, entity
):
    radio = make_contact("Emisora Sur", scope="local", medium="radio")
    tv = make_contact("Tele Local", scope="local", medium="tv")
    national = make_contact("Diario Nacional", scope="national", medium="print")
    client = staff_client(communications_user)
    response = client.post("/panel/difusion/listas/", {"name": "", "description": ""})
    assert response.status_code == 400
    response = client.post("/panel/difusion/listas/", {"name": "Medios locales"})
    media_list = MediaList.objects.get()
    assert response.url == f"/panel/difusion/listas/{media_list.pk}/"
    url = response.url
    filtered = client.get(url + "?alcance=local")
    assert list(filtered.context["candidates"]) == [radio, tv]
    assert list(client.get(url + "?alcance=local&tipo=tv").context["candidates"]) == [tv]
    client.post(url + "?alcance=local", {"action": "agregar-todos"})
    assert set(media_list.contacts.all()) == {radio, tv}
    client.post(url, {"action": "agregar", "contactos": [national.pk, radio.pk]})
    assert set(media_list.contacts.all()) == {radio, tv, national}
    client.post(url, {"action": "quitar", "miembros": [tv.pk]})
    assert set(media_list.contacts.all()) == {radio, national}
    client.post(url, {"action": "guardar", "name": "Medios del Valle", "description": "Prensa"})
    media_list.refresh_from_db()
    assert media_list.name == "Medios del Valle"
    actions = list(
        AuditEntry.objects.filter(action__startswith="outreach.media_list").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        [
            "outreach.media_list.create",
            "outreach.media_list.add",
            "outreach.media_list.add",
            "outreach.media_list.remove",
            "outreach.media_list.update",
        ]
    )
    lists_page = client.get("/panel/difusion/listas/")
    assert "Medios del Valle" in lists_page.text


def test_only_communications_and_the_administrator_manage_lists(
    client, staff_client, planning_user, admin_user, entity
):
    media_list = make_list("Locales", [])
    assert client.get("/panel/difusion/listas/").status_code == 302
    assert staff_client(planning_user).get("/panel/difusion/listas/").status_code == 403
    assert (
        staff_client(planning_user).post(f"/panel/difusion/listas/{media_list.pk}/").status_code
        == 403
    )
    assert (
        staff_client(admin_user).get(f"/panel/difusion/listas/{media_list.pk}/").status_code == 200
    )


def test_the_list_page_keeps_a_constant_query_count(
    staff_client, communications_user, entity, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    media_list = make_list("Locales", [make_contact("Emisora 0")])
    make_contact("Fuera 0")
    client = staff_client(communications_user)
    url = f"/panel/difusion/listas/{media_list.pk}/"
    client.get(url)  # warm the entity cache
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    media_list.contacts.add(*[make_contact(f"Emisora {i}") for i in range(1, 30)])
    for i in range(1, 30):
        make_contact(f"Fuera {i}")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["members"]) == 30
    assert len(response.context["candidates"]) == 30
