"""The feeds (valid XML, masked text), the page that lists every feed and calendar, the
links on the pages concerned, and no personal data on any public page."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.test import TestCase
from django.utils import timezone

from rinde.exercises.models import Document, DocumentKind
from rinde.exercises.tests.factories import make_exercise
from rinde.plan.tests.factories import make_plan_tree
from rinde.questions import services as question_services
from rinde.questions.models import PetitionKind
from rinde.questions.tests.factories import make_question
from rinde.subscriptions.models import Subscription
from rinde.subscriptions.tests.helpers import (
    form_data,
    link_in,
    publish_bulletin,
    sent_to,
    subscribe,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = {
    "/boletines/feed/": "rss",
    "/boletines/atom/": "atom",
    "/preguntas/respuestas/feed/": "rss",
    "/preguntas/respuestas/atom/": "atom",
    "/rendicion/documentos/feed/": "rss",
    "/rendicion/documentos/atom/": "atom",
    "/rendicion/feed/": "rss",
    "/rendicion/atom/": "atom",
}
PERSONAL = ("300 123 4567", "43123456", "ana.perez@example.org")


@pytest.fixture
def published(entity, department, ict_user, officer_user, planning_user, communications_user):
    """One of each: a bulletin, an exercise with a document, and a question whose asker
    typed personal data into both the question and (quoted) the answer."""
    exercise = make_exercise()
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe de gestión",
        date=date(2023, 12, 1),
        file="x.pdf",
        summary="<p>Lo esencial del informe.</p>",
        sha256="c" * 64,
        published_at=timezone.now() - timedelta(days=1),
    )
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MINUTES,
        title="Acta en borrador",
        date=date(2023, 12, 1),
        file="y.pdf",
        summary="s",
        sha256="d" * 64,
    )
    question = make_question(
        exercise,
        text="¿Cuándo arreglan la vía? Escríbanme a ana.perez@example.org o al 300 123 4567",
        asker_name="Ana Pérez",
        asker_email="ana.perez@example.org",
        data_authorized=True,
    )
    question_services.classify_question(
        question, actor=ict_user, department=department, kind=PetitionKind.GENERAL, topic="Vías"
    )
    answer = question_services.draft_answer(
        question,
        actor=officer_user,
        body="<p>Señora de C.C. 43123456: la vía se arregla en enero.</p>",
    )
    question_services.review_answer(answer, actor=planning_user, approve=True)
    publish_bulletin(communications_user, "audiencia")
    return {"exercise": exercise, "question": question}


@pytest.mark.parametrize("url,kind", FEEDS.items())
def test_every_feed_is_valid_xml_with_its_items(client, published, url, kind):
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    if kind == "atom":
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
    else:
        assert root.tag == "rss"
        entries = root.findall("channel/item")
    assert len(entries) == 1  # the draft document is not there
    body = response.content.decode()
    for personal in PERSONAL:
        assert personal not in body


def test_the_answers_feed_carries_the_masked_question_and_answer(client, published):
    body = client.get("/preguntas/respuestas/atom/").content.decode()
    assert published["question"].tracking_code in body
    assert "[correo oculto]" in body and "[teléfono oculto]" in body
    assert "la vía se arregla en enero" in body
    assert "Ana Pérez" not in body


def test_the_feeds_page_lists_every_feed_and_the_calendar(client, entity):
    response = client.get("/suscripciones/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in [*FEEDS, "/rendicion/calendario.ics", "/suscripciones/boletines/"]:
        assert f'href="{url}"' in html
    assert client.head("/suscripciones/").status_code == 200


def test_the_feeds_page_has_a_constant_query_count(client, entity, django_assert_num_queries):
    make_exercise(2023)
    client.get("/suscripciones/")  # the entity cached, as on a live site
    from django.core.cache import cache

    cache.clear()
    client.get("/suscripciones/")
    for year in (2024, 2025, 2026):
        make_exercise(year)
    cache.clear()
    client.get("/")
    with django_assert_num_queries(1):  # the exercises, however many
        client.get("/suscripciones/")


def test_the_pages_concerned_link_their_feeds_and_the_calendar(client, published):
    site_map = client.get("/mapa-del-sitio/").content.decode()
    assert 'href="/suscripciones/"' in site_map
    assert 'href="/rendicion/calendario.ics"' in site_map
    assert "/suscripciones/" in client.get("/sitemap.xml").content.decode()

    exercises = client.get("/rendicion/").content.decode()
    assert 'href="/rendicion/calendario.ics"' in exercises
    assert 'rel="alternate" type="application/atom+xml"' in exercises

    bulletins = client.get("/boletines/").content.decode()
    assert 'href="/boletines/atom/"' in bulletins
    assert 'href="/suscripciones/boletines/"' in bulletins

    code = published["question"].tracking_code
    question = client.get(f"/preguntas/{code}/").content.decode()
    assert f'href="/suscripciones/pregunta/{code}/"' in question
    assert "Seguir esta pregunta" in question


def test_the_project_page_offers_to_follow_it(client, entity, department, officer_user):
    indicator = make_plan_tree(department)
    project = indicator.project
    response = client.get(f"/suscripciones/proyecto/{project.pk}/")
    assert response.status_code == 200
    assert project.name in response.content.decode()
    assert client.head(f"/suscripciones/proyecto/{project.pk}/").status_code == 200
    assert client.get("/suscripciones/proyecto/999999/").status_code == 404


def test_no_page_shows_the_subscribers_address(client, entity, communications_user):
    address = "ana.perez@example.org"
    response = subscribe(client, "/suscripciones/boletines/", address)
    pages = [client.get(response["Location"])]
    message = sent_to(address)[0]
    confirm_path = link_in(message, "/confirmar/")
    pages += [client.get(confirm_path), client.post(confirm_path)]
    publish_bulletin(communications_user)
    unsubscribe_path = link_in(sent_to(address)[-1], "/baja/")
    pages += [client.get(unsubscribe_path), client.post(unsubscribe_path)]
    pages += [client.get("/suscripciones/"), client.get("/boletines/")]
    for page in pages:
        assert page.status_code == 200
        assert address not in page.content.decode()
        assert "ana.perez" not in page.content.decode()


def test_the_form_is_rate_limited(client, entity, settings):
    from rinde.subscriptions import views

    limit, _seconds = views.RATE_LIMIT
    for n in range(limit):
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert (
                client.post("/suscripciones/boletines/", form_data(f"p{n}@example.org")).status_code
                == 303
            )
    response = client.post("/suscripciones/boletines/", form_data("extra@example.org"))
    assert response.status_code == 400
    assert "muchos envíos" in response.content.decode()
    assert not Subscription.objects.filter(email="extra@example.org").exists()


def test_a_replayed_post_or_a_filled_honeypot_is_refused(client, entity):
    data = form_data("ana@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post("/suscripciones/boletines/", data).status_code == 303
    assert client.post("/suscripciones/boletines/", data).status_code == 400
    spam = form_data("bot@example.org", website="http://spam.example")
    assert client.post("/suscripciones/boletines/", spam).status_code == 400
    assert list(Subscription.objects.values_list("email", flat=True)) == ["ana@example.org"]


def test_a_cached_feed_shows_what_is_published_next(client, published):
    def entries():
        root = ElementTree.fromstring(client.get("/rendicion/documentos/atom/").content)  # noqa: S314
        return [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]

    assert len(entries()) == 1
    assert client.head("/rendicion/documentos/atom/").status_code == 200
    Document.objects.filter(title="Acta en borrador").update(published_at=timezone.now())
    assert len(entries()) == 1  # an update() behind the signals' back: the cache holds
    Document.objects.get(title="Acta en borrador").save()
    assert len(entries()) == 2
