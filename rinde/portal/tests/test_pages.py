import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from rinde.portal import navigation

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/privacidad/",
    "/terminos/",
    "/accesibilidad/",
    "/derechos-de-autor/",
    "/mapa-del-sitio/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_answer_in_spanish_with_the_shell(client, entity, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert '<html lang="es">' in html
    assert 'href="https://www.gov.co/"' in html
    assert 'href="#contenido"' in html
    assert entity.name in html
    assert entity.judicial_email in html
    assert reverse("portal:site_map") in html


def test_public_pages_carry_a_content_security_policy_without_inline_scripts(client, entity):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.text
    assert 'style="' not in response.text


def test_the_home_page_query_count_is_constant(client, entity, django_assert_num_queries):
    client.get("/")  # fills the entity cache
    with django_assert_num_queries(0):
        client.get("/")


def test_a_fresh_install_without_an_entity_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Entidad sin configurar" in response.text


def test_editing_the_entity_shows_at_once(client, entity, django_capture_on_commit_callbacks):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        entity.name = "Alcaldía Renombrada"
        entity.save()
    assert "Alcaldía Renombrada" in client.get("/").text


def test_entity_colours_are_served_as_css(client, entity):
    entity.primary_colour = "#112233"
    entity.save()
    response = client.get("/entidad.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--entity-primary:#112233" in response.text


def test_a_missing_page_is_the_spanish_404(client, entity):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "No encontramos esta página" in response.text


def test_a_server_error_is_the_spanish_500_without_a_stack_trace(entity, monkeypatch):
    from rinde.portal import views

    def broken(*args, **kwargs):
        raise RuntimeError("secreto interno")

    monkeypatch.setattr(views, "render", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Tuvimos un problema" in response.text
    assert "secreto interno" not in response.text
    assert "Traceback" not in response.text


def test_wrong_method_on_a_public_page_is_refused(client, entity):
    assert client.post("/").status_code == 405


def test_sitemap_lists_every_public_page(client, entity):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    for page in navigation.all_pages():
        assert f"http://testserver{reverse(page.url_name)}</loc>" in response.text


def test_every_public_page_without_parameters_is_in_the_sitemap():
    """New public pages must be added to portal.navigation (and so to the sitemap)."""
    from django.urls import get_resolver

    listed = {page.url_name for page in navigation.all_pages()}
    # Files for machines, not pages for people.
    not_pages = {
        "portal:sitemap",
        "portal:entity_css",
        "portal:health",
        "portal:health_ready",
        "outreach:feed",
        "portal:catalogue_json",
        "exercises:calendar",
        # The other feeds (listed on subscriptions:index), and the page after a post.
        "outreach:atom",
        "questions:answers_feed",
        "questions:answers_atom",
        "exercises:feed",
        "exercises:atom",
        "exercises:documents_feed",
        "exercises:documents_atom",
        "subscriptions:pending",
        # One person's own data, behind a link or a login: /mis-datos/ is the page.
        "holders:sent",
        "holders:data",
        "holders:file_request",
        "holders:leave",
    }
    missing = []

    def walk(patterns, namespace=None):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                ns = p.namespace or namespace
                # The API's operations answer JSON to programs; its reference page
                # (api:docs) is listed in portal.navigation like any page.
                if ns in {"admin", "accounts", "core", "api"} or str(p.pattern).startswith(
                    "panel/"
                ):
                    continue
                walk(p.url_patterns, ns)
            elif (
                p.name
                and namespace
                and not p.pattern.converters
                and not str(p.pattern).startswith("panel/")
                # The host's panel: for host administrators, like the entity's panel.
                and not str(p.pattern).startswith("anfitrion/")
            ):
                name = f"{namespace}:{p.name}"
                if name not in listed and name not in not_pages:
                    missing.append(name)

    walk(get_resolver().url_patterns)
    assert missing == []


def test_health_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "cache": True}}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_fails(client, monkeypatch):
    from rinde.portal import views

    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "cache": True}


def test_health_answers_503_when_the_cache_fails(client, monkeypatch):
    from rinde.portal import views

    class BrokenCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("redis down")

    monkeypatch.setattr(views, "cache", BrokenCache())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "cache": False}


def test_a_cached_public_page_is_not_served_to_a_logged_in_person(client, entity, citizen_user):
    assert "Ingresar" in client.get("/").text  # cached for anonymous visitors
    client.force_login(citizen_user)
    html = client.get("/").text
    assert "Salir" in html


def test_public_pages_send_an_etag_and_answer_304(client, entity):
    response = client.get("/terminos/")
    etag = response["ETag"]
    assert "max-age=60" in response["Cache-Control"]
    assert client.get("/terminos/", headers={"if-none-match": etag}).status_code == 304


def test_saving_a_department_refreshes_cached_pages(
    client, entity, department, django_capture_on_commit_callbacks
):
    from rinde.core.public_cache import site_version

    before = site_version()
    with django_capture_on_commit_callbacks(execute=True):
        department.head_name = "Otra persona"
        department.save()
        assert site_version() == before  # not before the change is committed
    assert site_version() == before + 1


def test_djangos_untranslated_empty_choice_label_reads_in_spanish():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("es-co"):
        assert str(BLANK_CHOICE_LABEL) == "— Elija una opción —"


def test_file_errors_say_archivo_as_colombia_does():
    # Django's Spanish says "fichero": every upload form in Rinde reads the catalogue's.
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    with translation.override("es-co"), pytest.raises(forms.ValidationError) as refused:
        forms.FileField().clean(SimpleUploadedFile("chat.csv", b""))
    assert refused.value.messages == ["El archivo enviado está vacío."]


def test_the_favicon_is_found_where_browsers_look(client):
    assert client.head("/favicon.ico").status_code == 302
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].startswith("/static/") and ".svg" in response["Location"]


def test_the_sitemap_lists_an_exercise_at_its_own_address(client, entity):
    """A second exercise of a year lives at /rendicion/2027-infancia/; the sitemap built its
    pages from the year and pointed at the year's main exercise instead."""
    from datetime import timedelta

    from django.utils import timezone

    from rinde.consultations.models import Forum
    from rinde.exercises.tests.factories import make_exercise

    make_exercise(2027)
    children = make_exercise(2027, slug="2027-infancia")
    now = timezone.now()
    Forum.objects.create(
        exercise=children,
        question="¿Qué le preguntaría al alcalde?",
        opens_at=now,
        closes_at=now + timedelta(days=10),
    )
    text = client.get("/sitemap.xml").text
    assert "http://testserver/rendicion/2027-infancia/foro/</loc>" in text
    assert "http://testserver/rendicion/2027/foro/</loc>" not in text
    assert "http://testserver/rendicion/2027-infancia/preguntas/</loc>" in text
