"""Which entity a request is for (EntityMiddleware), and the active entity it sets."""

from unittest import mock

import pytest
from django.contrib.admin import site
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import get_script_prefix, reverse

from rinde.accounts.models import Membership, Role
from rinde.accounts.tests.factories import make_user
from rinde.entity import resolution, scoping, services
from rinde.entity.middleware import EntityMiddleware
from rinde.entity.models import Domain, Entity
from rinde.entity.slugs import free_slug
from rinde.entity.tests.factories import make_entity
from rinde.outreach.models import Audience, Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def any_host(settings):
    settings.ALLOWED_HOSTS = ["*"]


@pytest.fixture
def two_entities(any_host):
    first = make_entity(name="Alcaldía de Primera", slug="primera")
    second = make_entity(name="Alcaldía de Segunda", slug="segunda")
    Domain.objects.create(entity=first, host="rinde.primera.gov.co", is_primary=True)
    Domain.objects.create(entity=second, host="rinde.segunda.gov.co", is_primary=True)
    return first, second


def _seen(**request_headers):
    """Runs EntityMiddleware over a GET and returns what the view saw."""
    seen = {}

    def view(request):
        seen["request_entity"] = request.entity
        seen["active"] = scoping.active()
        seen["current"] = Entity.objects.current()
        seen["home"] = reverse("portal:home")
        seen["path_info"] = request.path_info
        return HttpResponse("ok")

    path = request_headers.pop("path", "/")
    request = RequestFactory().get(path, **request_headers)
    seen["response"] = EntityMiddleware(view)(request)
    return seen


def test_a_host_with_a_domain_picks_its_entity(two_entities):
    first, second = two_entities
    seen = _seen(HTTP_HOST="rinde.segunda.gov.co")
    assert seen["request_entity"] == second
    assert seen["active"] == second
    assert seen["current"] == second  # Entity.objects.current() is the request's entity
    assert seen["home"] == "/"
    # Any case and a port: the same host.
    assert _seen(HTTP_HOST="RINDE.Primera.gov.co:8443")["current"] == first


def test_the_request_entity_is_the_one_every_page_shows(client, two_entities):
    response = client.get("/", headers={"host": "rinde.segunda.gov.co"})
    assert response.status_code == 200
    assert "Alcaldía de Segunda" in response.text and "Alcaldía de Primera" not in response.text


def test_a_slug_prefix_picks_its_entity_and_links_keep_it(client, two_entities):
    first, second = two_entities
    seen = _seen(HTTP_HOST="rinde.host.gov.co", path="/e/segunda/plan/")
    assert seen["current"] == second
    assert seen["path_info"] == "/plan/"
    assert seen["home"] == "/e/segunda/"

    response = client.get("/e/segunda/", headers={"host": "rinde.host.gov.co"})
    assert response.status_code == 200
    assert "Alcaldía de Segunda" in response.text
    assert 'href="/e/segunda/plan/' in response.text or 'href="/e/segunda/' in response.text
    assert 'href="/plan/' not in response.text


def test_a_slug_without_its_slash_redirects_to_the_slash_form(client, two_entities):
    response = client.get("/e/segunda?x=1", headers={"host": "rinde.host.gov.co"})
    assert response.status_code == 301 and response["Location"] == "/e/segunda/?x=1"


def test_an_unknown_host_is_404_once_domains_exist(client, two_entities):
    response = client.get("/", headers={"host": "rinde.otra.gov.co"})
    assert response.status_code == 404
    # Not the first entity's page: the unknown host names no entity at all.
    assert "Alcaldía de Primera" not in response.text and "Ninguna entidad" in response.text


def test_an_unknown_slug_is_404(client, entity):
    assert client.get("/e/no-existe/").status_code == 404
    assert client.get("/e/no-existe").status_code == 404


def test_without_domains_the_single_entity_is_served_on_any_allowed_host(client, entity):
    response = client.get("/")  # testserver
    assert response.status_code == 200 and entity.name in response.text
    assert _seen()["current"] == entity


def test_with_no_entity_the_first_run_still_works(client, admin_user):
    from rinde.accounts.tests.factories import login_verified

    login_verified(client, admin_user)
    assert client.get("/panel/primer-uso/").status_code == 200
    assert client.get("/panel/entidad/").status_code == 200
    seen = _seen()
    assert seen["request_entity"] is None and seen["current"].pk is None


def test_a_suspended_entity_answers_503_in_spanish_but_its_health_answers(client, entity):
    entity.is_active = False
    entity.save()
    response = client.get("/")
    assert response.status_code == 503
    assert "suspendido" in response.text and entity.name in response.text
    assert response["Cache-Control"] == "no-store"
    assert client.get("/health/").status_code == 200
    assert client.get(f"/e/{entity.slug}/health/").status_code == 200


def test_a_probe_at_an_unknown_host_still_gets_the_health_page(client, two_entities):
    assert client.get("/health/", headers={"host": "10.0.0.5"}).status_code == 200
    # And Prometheus, scraping the machine's address, its metrics (from an allowed address).
    assert client.get("/metrics", headers={"host": "10.0.0.5"}).status_code == 200
    assert client.get("/otra/", headers={"host": "10.0.0.5"}).status_code == 404


def test_the_active_entity_does_not_leak_between_requests(two_entities):
    first, second = two_entities
    assert _seen(HTTP_HOST="rinde.primera.gov.co")["current"] == first
    assert scoping.active() is None
    assert _seen(HTTP_HOST="rinde.host.gov.co", path="/e/segunda/")["current"] == second
    assert scoping.active() is None and get_script_prefix() == "/"
    assert _seen(HTTP_HOST="rinde.primera.gov.co")["home"] == "/"

    def failing_view(request):
        raise RuntimeError

    with pytest.raises(RuntimeError):
        EntityMiddleware(failing_view)(RequestFactory().get("/e/segunda/"))
    assert scoping.active() is None and get_script_prefix() == "/"


def test_a_streamed_body_is_produced_with_the_entity_active(two_entities):
    first, second = two_entities

    def view(request):
        return StreamingHttpResponse(Entity.objects.current().name for _ in range(2))

    response = EntityMiddleware(view)(RequestFactory().get("/", HTTP_HOST="rinde.segunda.gov.co"))
    assert scoping.active() is None
    assert b"".join(response.streaming_content) == "Alcaldía de Segunda".encode() * 2
    assert scoping.active() is None


def test_the_host_lookup_is_cached_and_does_not_grow_with_the_domains(client, two_entities):
    first, second = two_entities

    def queries_of_a_public_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/plan/", headers={"host": "rinde.segunda.gov.co"}).status_code
        return [q["sql"] for q in queries.captured_queries]

    queries_of_a_public_page()  # warms the lookups
    warm = queries_of_a_public_page()
    assert not [sql for sql in warm if "entity_domain" in sql]

    for n in range(40):
        other = make_entity(name=f"Alcaldía {n}", slug=f"alcaldia-{n}")
        Domain.objects.create(entity=other, host=f"rinde.alcaldia-{n}.gov.co")
    queries_of_a_public_page()
    assert len(queries_of_a_public_page()) == len(warm)


def test_a_changed_domain_or_entity_answers_at_once(client, two_entities):
    first, second = two_entities
    assert _seen(HTTP_HOST="rinde.segunda.gov.co")["current"] == second  # cached now
    domain = Domain.objects.get(host="rinde.segunda.gov.co")
    domain.host = "nuevo.segunda.gov.co"
    domain.save()
    assert _seen(HTTP_HOST="rinde.segunda.gov.co")["response"].status_code == 404
    assert _seen(HTTP_HOST="nuevo.segunda.gov.co")["current"] == second

    second.is_active = False
    second.save()
    assert _seen(HTTP_HOST="nuevo.segunda.gov.co")["response"].status_code == 503


def test_the_first_domain_ends_serving_the_single_entity_on_any_host(any_host, entity):
    assert _seen(HTTP_HOST="cualquiera.gov.co")["current"] == entity  # cached "no domains"
    Domain.objects.create(entity=entity, host="rinde.prueba.gov.co")
    assert _seen(HTTP_HOST="cualquiera.gov.co")["response"].status_code == 404
    assert _seen(HTTP_HOST="rinde.prueba.gov.co")["current"] == entity


def test_a_domain_host_is_a_bare_lower_case_name(entity):
    domain = Domain(entity=entity, host="Rinde.Prueba.gov.co")
    domain.full_clean()
    domain.save()
    assert Domain.objects.get().host == "rinde.prueba.gov.co"
    for bad in ["rinde.prueba.gov.co:8000", "https://rinde.prueba.gov.co", "rinde prueba", "a/b"]:
        with pytest.raises(ValidationError):
            Domain(entity=entity, host=bad).full_clean()


def test_slugs_come_from_the_short_name_or_name_and_never_repeat(db):
    assert free_slug("Alcaldía de Itagüí") == "alcaldia-de-itagui"
    make_entity(name="Alcaldía de Itagüí", slug="alcaldia-de-itagui")
    assert free_slug("Alcaldía de Itagüí") == "alcaldia-de-itagui-2"
    assert free_slug("¡!") == "entidad"


def test_the_first_run_gives_the_entity_a_slug_and_refuses_a_second_one(admin_user):
    values = {"name": "Alcaldía de San Jerónimo", "short_name": "San Jerónimo"}
    entity = services.save_entity(Entity(), values, actor=admin_user)
    assert Entity.objects.get().slug == "san-jeronimo" == entity.slug
    with pytest.raises(services.EntityExists):
        services.save_entity(Entity(), {"name": "Otra"}, actor=admin_user)
    assert Entity.objects.count() == 1


def test_django_admin_cannot_add_a_second_entity(rf, entity):
    superuser = make_user(Role.ADMIN, username="root", is_superuser=True, is_staff=True)
    request = rf.get("/")
    request.user = superuser
    assert not site.get_model_admin(Entity).has_add_permission(request)
    # A new entity is given its default outreach channels and audiences, which hold on to it.
    Channel.objects.all().delete()
    Audience.objects.all().delete()
    Membership.objects.all().delete()  # the superuser's, in the entity they were made in
    Entity.objects.all().delete()
    assert site.get_model_admin(Entity).has_add_permission(request)


def test_a_host_outside_allowed_hosts_is_still_refused(client, entity):
    # The middleware reads the host before CommonMiddleware did: the same 400.
    assert client.get("/", headers={"host": "otro.example.com"}).status_code == 400


def test_a_cold_cache_costs_one_query_for_the_domains_and_the_entity(client, entity):
    # The middleware's "any Domain rows?" rides on the query Entity.objects.current() sent
    # anyway: a page's cold-cache query count is what it was before the middleware.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    entity_queries = [
        q["sql"]
        for q in queries.captured_queries
        if '"entity_entity"' in q["sql"].split("WHERE")[0]
    ]
    assert len(entity_queries) == 1 and '"entity_domain"' in entity_queries[0]


@pytest.mark.parametrize("with_domain", [False, True])
def test_a_request_asks_once_whether_any_domain_exists(client, entity, any_host, with_domain):
    # Each answer is a cache round trip (Redis in production) on every request: asked
    # twice, it cost a hearing's posts and polls a quarter of a millisecond each.
    if with_domain:
        Domain.objects.create(entity=entity, host="rinde.example.gov.co")
    with mock.patch.object(resolution, "has_domains", wraps=resolution.has_domains) as asked:
        client.get("/", headers={"host": "otro.example.org"})
    assert asked.call_count == 1
