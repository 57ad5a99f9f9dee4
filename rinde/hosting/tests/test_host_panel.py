"""The host's panel, /anfitrion/ (issue 19, item 3; docs/tenancy.md, step 10): every
entity with its use, a new entity with its first administrator's invitation, suspending
and reactivating, the release state; for host administrators only."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rinde.accounts.invitation_links import link
from rinde.accounts.models import Invitation, Membership, Role, User
from rinde.accounts.tests.factories import login_verified, make_user
from rinde.core.models import AuditEntry
from rinde.entity import scoping
from rinde.entity.models import Domain, Entity
from rinde.entity.tests.factories import make_entity
from rinde.exercises.tests.factories import make_exercise
from rinde.hosting import releases, usage
from rinde.hosting.models import EntityUsage
from rinde.questions.models import EmailKind, QuestionEmail
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenjo(db):
    return make_entity(name="Alcaldía de Tenjo", municipality="Tenjo", slug="tenjo")


@pytest.fixture
def san_jeronimo(tenjo):
    return make_entity(
        name="Alcaldía de San Jerónimo", municipality="San Jerónimo", slug="san-jeronimo"
    )


@pytest.fixture
def host(client, db):
    """The test client logged in, second factor verified, as a host administrator."""
    person = make_user(Role.CITIZEN, username="anfitrion", is_superuser=True)
    login_verified(client, person)
    return client


# Who may enter


def test_an_anonymous_visitor_is_sent_to_log_in(client, tenjo):
    response = client.get("/anfitrion/")
    assert response.status_code == 302 and response["Location"].startswith("/panel/ingresar/")


def test_an_entitys_administrator_is_refused_and_it_is_recorded(client, tenjo):
    login_verified(client, make_user(Role.ADMIN, entity=tenjo))
    for path in ("/anfitrion/", "/anfitrion/entidades/nueva/", "/anfitrion/version/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "No tiene permiso para ver esta página" in response.text
    assert client.post("/anfitrion/entidades/tenjo/suspender/").status_code == 403
    assert Entity.objects.get(pk=tenjo.pk).is_active
    reasons = AuditEntry.objects.filter(action="security.access_denied").values_list(
        "changes__reason", flat=True
    )
    assert list(reasons) == ["host"] * 4


def test_a_host_administrator_needs_the_second_factor(client, tenjo):
    person = make_user(Role.CITIZEN, username="anfitrion", is_superuser=True)
    client.force_login(person)  # the password, without the second factor
    response = client.get("/anfitrion/")
    assert response.status_code == 302 and response["Location"].startswith("/panel/verificar/")


def test_the_host_flag_gives_nothing_in_an_entitys_panel(host, tenjo, san_jeronimo):
    assert host.get("/e/tenjo/panel/").status_code == 403


# The list


def test_the_list_shows_every_entity_with_its_use_and_state(host, tenjo, san_jeronimo):
    san_jeronimo.is_active = False
    san_jeronimo.save()
    EntityUsage.objects.create(
        entity=tenjo,
        storage_bytes=3 * 1024 * 1024,
        questions_received=17,
        emails_sent=40,
        computed_at="2026-12-06T08:00:00Z",
    )
    Domain.objects.create(entity=tenjo, host="rinde.tenjo.gov.co", is_primary=True)
    page = host.get("/anfitrion/")
    assert page.status_code == 200
    text = page.text
    assert 'href="http://rinde.tenjo.gov.co/"' in text and 'href="/e/san-jeronimo/"' in text
    assert "Alcaldía de Tenjo" in text and "Alcaldía de San Jerónimo" in text
    assert "3,0\xa0MB" in text
    assert ">17<" in text and ">40<" in text
    assert "Suspendida" in text and "Sin calcular aún" in text
    assert 'href="/anfitrion/entidades/san-jeronimo/reactivar/"' in text
    assert 'href="/anfitrion/entidades/tenjo/suspender/"' in text


def test_search_and_pages(host, tenjo, san_jeronimo):
    table = _table(host.get("/anfitrion/", {"q": "jerón"}))
    assert "Alcaldía de San Jerónimo" in table and "Alcaldía de Tenjo" not in table
    for n in range(30):
        make_entity(name=f"Alcaldía de Prueba {n:02}", slug=f"prueba-{n:02}")
    first = host.get("/anfitrion/")
    assert "Página 1 de 2" in first.text and "pagina=2" in first.text
    assert "Alcaldía de Tenjo" not in _table(first)  # sorted by name: P… before T…
    assert "Alcaldía de Tenjo" in _table(host.get("/anfitrion/", {"pagina": 2}))


def _table(response) -> str:
    return response.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/anfitrion/").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_with_two_entities_or_twenty(host, tenjo, san_jeronimo):
    usage.refresh()
    _queries(host)  # warm the caches
    few = _queries(host)
    for n in range(18):
        make_entity(name=f"Alcaldía de Prueba {n:02}", slug=f"prueba-{n:02}")
    usage.refresh()
    _queries(host)
    assert _queries(host) == few


# A new entity


def test_a_new_entity_is_created_with_its_administrators_invitation(
    host, tenjo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = host.post(
            "/anfitrion/entidades/nueva/",
            {
                "name": "Alcaldía de Cota",
                "slug": "cota",
                "kind": "alcaldia",
                "departamento": "Cundinamarca",
                "admin_email": "Alcalde@Cota.gov.co",
            },
        )
    assert response.status_code == 302 and response["Location"] == "/anfitrion/"
    cota = Entity.objects.get(slug="cota")
    assert (cota.name, cota.departamento, cota.is_active) == (
        "Alcaldía de Cota",
        "Cundinamarca",
        True,
    )
    invitation = Invitation.objects.across_entities().get()
    assert (invitation.entity, invitation.email, invitation.role) == (
        cota,
        "alcalde@cota.gov.co",
        Role.ADMIN,
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"entity.created", "accounts.invited"} <= actions
    assert callbacks  # the invitation e-mail is queued on commit


def test_a_taken_slug_is_refused_in_spanish(host, tenjo):
    response = host.post(
        "/anfitrion/entidades/nueva/",
        {
            "name": "Otra Tenjo",
            "slug": "tenjo",
            "kind": "alcaldia",
            "departamento": "Cundinamarca",
            "admin_email": "x@example.org",
        },
    )
    assert response.status_code == 200
    assert "Ya hay una entidad con ese identificador" in response.text
    assert Entity.objects.count() == 1


def test_the_new_entitys_administrator_arrives_at_its_first_run_checklist(
    client, tenjo, django_capture_on_commit_callbacks
):
    host_admin = make_user(Role.CITIZEN, username="anfitrion", is_superuser=True)
    login_verified(client, host_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/anfitrion/entidades/nueva/",
            {
                "name": "Alcaldía de Cota",
                "slug": "cota",
                "kind": "alcaldia",
                "departamento": "Cundinamarca",
                "admin_email": "alcalde@cota.gov.co",
            },
        )
    cota = Entity.objects.get(slug="cota")
    # The e-mail's link, at the new entity's address (the worker's task activating the
    # invitation's entity is step 8's: the link is read here as the task builds it).
    with scoping.activate(cota):
        invitation = Invitation.objects.get()
    found = re.search(r"https?://[^/\s]+(/e/cota/panel/invitacion/\S+/)$", link(invitation))
    assert found, link(invitation)
    client.logout()
    response = client.post(
        found.group(1),
        {
            "username": "alcalde-cota",
            "first_name": "Marta",
            "last_name": "Gómez",
            "position": "Alcaldesa",
            "password1": "una-clave-larga-2027",
            "password2": "una-clave-larga-2027",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="alcalde-cota")
    assert [
        (m.entity, m.role) for m in Membership.objects.across_entities().filter(user=person)
    ] == [(cota, Role.ADMIN)]
    login_verified(client, person)
    response = client.get("/e/cota/panel/")
    assert response.status_code == 302 and response["Location"] == "/e/cota/panel/primer-uso/"
    assert client.get("/e/tenjo/panel/").status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


# Suspend and reactivate


def test_suspending_asks_first_then_closes_the_entity_and_reactivating_opens_it(host, tenjo):
    confirm = host.get("/anfitrion/entidades/tenjo/suspender/")
    assert confirm.status_code == 200 and "¿Suspender" in confirm.text
    assert Entity.objects.get(pk=tenjo.pk).is_active  # a GET changes nothing

    response = host.post("/anfitrion/entidades/tenjo/suspender/")
    assert response.status_code == 302
    assert not Entity.objects.get(pk=tenjo.pk).is_active
    entry = AuditEntry.objects.get(action="hosting.entity_suspended")
    assert entry.changes == {"is_active": [True, False]}
    assert host.get("/e/tenjo/").status_code == 503
    # Already suspended: nothing to suspend.
    assert host.get("/anfitrion/entidades/tenjo/suspender/").status_code == 404

    assert host.get("/anfitrion/entidades/tenjo/reactivar/").status_code == 200
    assert host.post("/anfitrion/entidades/tenjo/reactivar/").status_code == 302
    assert Entity.objects.get(pk=tenjo.pk).is_active
    assert AuditEntry.objects.filter(action="hosting.entity_reactivated").count() == 1
    assert host.get("/e/tenjo/").status_code == 200


# Usage


def test_usage_counts_each_entitys_files_questions_and_e_mails(
    host, tenjo, san_jeronimo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("entity/logo-tenjo.png", ContentFile(b"x" * 2048))
    Entity.objects.filter(pk=tenjo.pk).update(logo=name)
    with scoping.activate(tenjo):
        exercise = make_exercise(2026, entity=tenjo, slug="2026")
        first = make_question(exercise, text="¿Cuándo arreglan el parque central de Tenjo?")
        make_question(exercise, text="¿Cuántos contratos firmó la alcaldía este año?")
        QuestionEmail.objects.create(
            question=first, kind=EmailKind.ANSWERED, sent_at="2026-12-01T10:00:00Z"
        )
        QuestionEmail.objects.create(question=first, kind=EmailKind.ANSWERED)  # not sent
    with scoping.activate(san_jeronimo):
        other = make_exercise(2026, entity=san_jeronimo, slug="2026")
        make_question(other, text="¿Qué pasó con la vía a la vereda El Pomar?")

    response = host.post("/anfitrion/uso/recalcular/")
    assert response.status_code == 302
    rows = {
        u.entity_id: (u.storage_bytes, u.questions_received, u.emails_sent)
        for u in EntityUsage.objects.all()
    }
    assert rows[tenjo.pk][0] >= 2048
    assert rows[tenjo.pk][1:] == (2, 1)
    assert rows[san_jeronimo.pk][1:] == (1, 0)
    assert rows[san_jeronimo.pk][0] < 2048


def test_every_table_with_files_or_sent_e_mails_reaches_its_entity():
    found = {model._meta.label: path for model, path in usage.mail_tables()}
    assert found["questions.QuestionEmail"] == "question__entity_id"
    assert found["outreach.Delivery"] == "entity_id"
    files = {model._meta.label for model, _path, _fields in usage.file_tables()}
    assert "entity.Entity" in files


# Releases


def test_the_release_page_shows_the_version_and_no_pending_migration(host):
    page = host.get("/anfitrion/version/")
    assert page.status_code == 200
    assert releases.running_version() in page.text
    assert "Ninguna: la base de datos está al día" in page.text


def test_pending_migrations_are_listed_not_run(host, monkeypatch):
    pending = releases.Release(version="0.2.0", applied=300, pending=["accounts.0007_algo"])
    monkeypatch.setattr(releases, "state", lambda: pending)
    page = host.get("/anfitrion/version/")
    assert "accounts.0007_algo" in page.text and "manage.py migrate" in page.text
