from contextlib import contextmanager

import pytest
from django.urls import reverse

from rinde.exercises.tests.factories import make_exercise
from rinde.search import indexing, signals
from rinde.search.tests.factories import make_bulletin, make_document
from rinde.search.views import PAGE_SIZE

pytestmark = pytest.mark.django_db
URL = "/buscar/"


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        signals.flush()
        indexing.index_new_questions()  # the hourly sweep, for the questions just posted

    return block


def test_the_address_is_buscar():
    assert reverse("search:search") == URL


def test_without_words_it_explains_what_it_searches(client, entity):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Qué puede buscar" in html
    assert "resultado" not in html


def test_it_lists_the_hits_highlighted_with_the_words_kept_in_the_box(client, entity, indexed):
    exercise = make_exercise(2023)
    with indexed():
        make_document(exercise, "Informe de participación ciudadana")
    response = client.get(URL, {"q": "participacion"})
    html = response.content.decode()
    assert 'value="participacion"' in html
    assert "1 resultado para «participacion»" in html
    assert "<mark>participación</mark>" in html
    assert f'href="/rendicion/{exercise.slug}/#documentos"' in html
    assert "Rendición de Cuentas 2023" in html  # the exercise it belongs to


def test_no_results_offers_suggestions_and_a_search_without_filters(client, entity, indexed):
    exercise = make_exercise(2023)
    with indexed():
        make_bulletin("Parque de las luces")
    response = client.get(URL, {"q": "parque", "tipo": "document", "ejercicio": exercise.slug})
    html = response.content.decode()
    assert "0 resultados" in html and "Ningún resultado" in html
    assert 'href="?q=parque"' in html
    assert reverse("plan:overview") in html


def test_the_filters_reach_the_query_and_the_pagination(client, entity, indexed):
    exercise = make_exercise(2023)
    with indexed():
        for n in range(PAGE_SIZE + 1):
            make_bulletin(f"Puente número {n}", exercise=exercise)
        make_bulletin("Puente de otro año")
    response = client.get(URL, {"q": "puente", "tipo": "bulletin", "ejercicio": exercise.slug})
    assert response.context["page"].paginator.count == PAGE_SIZE + 1
    html = response.content.decode()
    assert "pagina=2" in html and "tipo=bulletin" in html
    second = client.get(
        URL, {"q": "puente", "tipo": "bulletin", "ejercicio": exercise.slug, "pagina": 2}
    )
    assert len(second.context["page"].object_list) == 1


def test_the_query_count_does_not_grow_with_the_hits(
    client, entity, indexed, django_assert_num_queries
):
    with indexed():
        make_bulletin("Alumbrado público")
    client.get(URL, {"q": "alumbrado"})  # the entity and the site version are cached

    def queries_for(params) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    one = queries_for({"q": "alumbrado", "x": "1"})
    with indexed():
        for n in range(PAGE_SIZE + 5):
            make_bulletin(f"Alumbrado del sector {n}")
    # Exercises for the filter, the count, the page: three queries whatever the hits.
    with django_assert_num_queries(one):
        client.get(URL, {"q": "alumbrado", "x": "2"})
    with django_assert_num_queries(one):
        client.get(URL, {"q": "alumbrado", "x": "3", "pagina": 2})
    assert one == 3


def test_a_hostile_title_is_escaped(client, entity, indexed):
    with indexed():
        make_bulletin('<img src=x onerror="alert(1)"> Alerta temprana')
    html = client.get(URL, {"q": "alerta"}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html and "<mark>Alerta</mark>" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 201},
        {"q": "puente", "tipo": "nada"},
        {"q": "puente", "ejercicio": "no-existe"},
        {"q": "\x00"},
        {"q": '"()*:^NEAR'},
        {"q": "puente", "pagina": "-1"},
    ],
)
def test_odd_input_never_fails(client, entity, params):
    assert client.get(URL, params).status_code == 200


def test_it_answers_head_and_refuses_post(client, entity):
    assert client.head(URL, {"q": "puente"}).status_code == 200
    assert client.post(URL, {"q": "puente"}).status_code == 405


def test_every_public_page_has_the_search_box(client, entity):
    html = client.get(reverse("portal:home")).content.decode()
    assert 'role="search"' in html and f'action="{URL}"' in html
    assert 'name="q"' in html


def test_the_site_map_lists_the_search(client, entity):
    assert URL in client.get(reverse("portal:site_map")).content.decode()


def test_a_cached_search_shows_an_item_published_after_it(client, entity, indexed):
    with indexed():
        make_bulletin("Ciclovía dominical")
    assert client.get(URL, {"q": "ciclovia"}).context["page"].paginator.count == 1
    with indexed():
        make_bulletin("Ciclovía nocturna")
    assert "2 resultados" in client.get(URL, {"q": "ciclovia"}).content.decode()
