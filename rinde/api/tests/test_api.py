import json
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.api.endpoints import RESOURCES
from rinde.api.tests.factories import (
    add_one_of_each,
    make_closed_survey,
    publish_answer,
)
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Status
from rinde.questions.tests.factories import local, make_question

ENDPOINTS = [
    "/api/ejercicios",
    "/api/planes",
    "/api/metas",
    "/api/cortes",
    "/api/documentos",
    "/api/eventos",
    "/api/preguntas",
    "/api/encuestas",
    "/api/evaluaciones",
    "/api/acciones-de-mejora",
    "/api/boletines",
]


@pytest.fixture
def author(db):
    return make_user(Role.PLANNING, username="planeacion")


@pytest.fixture
def exercise(entity):
    # With the entity its questions are filed under (docs/tenancy.md, the entity key).
    return make_exercise(2023)


def body(response) -> dict:
    return json.loads(response.content)


# Personal data -------------------------------------------------------------------------------


def test_personal_data_typed_into_a_question_never_leaves_the_api(client, exercise, author):
    question = make_question(
        exercise,
        text="Soy Ana, C.C. 43.123.456, llámenme al 300 123 4567 o a ana.perez@example.org",
        asker_name="Ana Pérez Gómez",
        asker_email="ana.privada@example.org",
        asker_phone="3109876543",
        publish_name=True,
    )
    publish_answer(question, author, body="<p>Señora, le escribimos a ana.perez@example.org.</p>")

    response = client.get("/api/preguntas")

    content = response.content.decode()
    for secret in (
        "43.123.456",
        "300 123 4567",
        "ana.perez@example.org",
        "ana.privada@example.org",
        "3109876543",
        "Ana Pérez Gómez",
    ):
        assert secret not in content
    row = body(response)["resultados"][0]
    assert "[correo oculto]" in row["texto"] and "[teléfono oculto]" in row["texto"]
    assert "[correo oculto]" in row["respuestas"][0]["texto"]


def test_no_response_of_any_resource_carries_an_askers_contact(
    client, exercise, department, author
):
    add_one_of_each(exercise, department, author, 1)
    for url in ENDPOINTS:
        content = client.get(url).content.decode()
        assert "ana@example.org" not in content, url
        assert "Ana Pérez" not in content, url


def test_only_public_questions_and_published_answers_are_listed(client, exercise, author):
    shown = make_question(exercise, text="Pública")
    publish_answer(shown, author)
    draft = publish_answer(shown, author, body="<p>Borrador</p>", version=2)
    draft.state = "submitted"
    draft.save()
    rejected = make_question(exercise, text="Spam")
    rejected.status, rejected.rejection_reason = Status.REJECTED, "Publicidad"
    rejected.save()
    make_question(make_exercise(2024, is_published=False), text="De un ejercicio sin publicar")

    rows = body(client.get("/api/preguntas"))["resultados"]

    assert [row["texto"] for row in rows] == ["Pública"]
    assert [answer["version"] for answer in rows[0]["respuestas"]] == [1]


def test_survey_results_hide_small_population_groups_as_the_page_does(client, exercise):
    make_closed_survey(exercise, answers=(("vias", 2),), population_group="victima")

    survey = body(client.get("/api/encuestas"))["resultados"][0]

    assert survey["respuestas"] == 2
    assert survey["opciones"][0] == {"tema": "Vías", "personas": 2, "porcentaje": 100}
    groups = next(p for p in survey["perfiles"] if p["perfil"] == "Grupo poblacional")
    assert groups["celdas"][0]["personas"] == "<5"


def test_a_survey_still_open_has_no_results_in_the_api(client, exercise):
    survey = make_closed_survey(exercise)
    survey.closes_at = timezone.now() + timedelta(days=1)
    survey.save()

    assert body(client.get("/api/encuestas"))["total"] == 0


def test_evaluation_results_are_aggregates_without_the_free_comments(
    client, exercise, department, author
):
    add_one_of_each(exercise, department, author, 1)

    evaluation = body(client.get("/api/evaluaciones"))["resultados"][0]

    assert evaluation["respuestas"] == 2
    scale = evaluation["preguntas"][0]
    assert scale["promedio"] == 4.5
    assert sum(option["respuestas"] for option in scale["opciones"]) == 2
    assert "Escríbanme" not in json.dumps(evaluation, ensure_ascii=False)


# Pagination and filters ----------------------------------------------------------------------


def test_lists_are_paginated_with_count_and_links(client, exercise):
    for day in range(1, 6):
        make_question(exercise, text=f"Pregunta {day}", received_at=local(2023, 11, day, 9, 0))

    first = body(client.get("/api/preguntas?por_pagina=2"))
    last = body(client.get("/api/preguntas?por_pagina=2&pagina=3"))

    assert (first["total"], first["paginas"], len(first["resultados"])) == (5, 3, 2)
    assert first["anterior"] is None
    assert first["siguiente"] == "http://testserver/api/preguntas?por_pagina=2&pagina=2"
    assert len(last["resultados"]) == 1 and last["siguiente"] is None
    assert last["anterior"].endswith("pagina=2")
    # Newest first, and no row on two pages.
    assert first["resultados"][0]["texto"] == "Pregunta 5"
    every = [
        r["codigo"]
        for p in (1, 2, 3)
        for r in body(client.get(f"/api/preguntas?por_pagina=2&pagina={p}"))["resultados"]
    ]
    assert len(set(every)) == 5


def test_a_page_past_the_last_is_a_spanish_404(client, exercise):
    make_question(exercise)

    response = client.get("/api/preguntas?pagina=2")

    assert response.status_code == 404
    assert body(response)["detalle"] == "Esa página no existe: pasa de la última."


def test_questions_filter_by_exercise_department_status_and_dates(
    client, exercise, department, other_department
):
    other_year = make_exercise(2024)
    ours = make_question(exercise, text="Nuestra", received_at=local(2023, 11, 6, 9, 0))
    ours.department = department
    ours.status = Status.ASSIGNED
    ours.save()
    theirs = make_question(exercise, text="Ajena", received_at=local(2023, 11, 20, 9, 0))
    theirs.department = other_department
    theirs.save()
    make_question(other_year, text="Otro año", received_at=local(2024, 3, 1, 9, 0))

    def texts(query):
        return sorted(r["texto"] for r in body(client.get(f"/api/preguntas?{query}"))["resultados"])

    assert texts("ejercicio=2023") == ["Ajena", "Nuestra"]
    assert texts("ejercicio=2024") == ["Otro año"]
    assert texts("dependencia=infraestructura") == ["Nuestra"]
    assert texts("estado=assigned") == ["Nuestra"]
    assert texts("desde=2023-11-10&hasta=2023-12-31") == ["Ajena"]
    assert texts("ejercicio=2031") == []


def test_goals_and_cuts_filter_by_plan_and_department(
    client, exercise, department, other_department, author
):
    add_one_of_each(exercise, department, author, 1)
    add_one_of_each(exercise, other_department, author, 2)

    goals = body(client.get("/api/metas?plan=2020-2023&dependencia=salud"))["resultados"]
    cuts = body(client.get("/api/cortes?dependencia=infraestructura"))["resultados"]
    march_on = body(client.get("/api/cortes?desde=2023-02-01"))["resultados"]

    assert [g["dependencia"]["codigo"] for g in goals] == ["salud"]
    assert [c["dependencia"]["codigo"] for c in cuts] == ["infraestructura"]
    assert [c["periodo"] for c in march_on] == ["2023-02-01"]
    assert cuts[0]["valores"][0]["valor"] == "5.0000"
    assert cuts[0]["ejecucion"][0]["pagos"] == "400.00"
    assert body(client.get("/api/metas?plan=1999-2002"))["total"] == 0


def test_a_parameter_out_of_shape_is_a_spanish_400_naming_it(client, db):
    response = client.get("/api/preguntas?desde=ayer&ejercicio=dos-mil")

    assert response.status_code == 400
    problems = {e["parametro"]: e["mensaje"] for e in body(response)["errores"]}
    assert problems == {
        "desde": "Debe ser una fecha AAAA-MM-DD.",
        "ejercicio": "No tiene la forma esperada.",
    }


def test_an_unknown_address_under_api_is_a_json_404(client, db):
    response = client.get("/api/no-existe")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detalle" in body(response)


def test_the_api_refuses_writes_in_spanish(client, db):
    response = client.post("/api/preguntas", {"texto": "hola"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "solo lectura" in body(response)["detalle"]


def test_the_index_names_every_resource(client, db):
    index = body(client.get("/api/"))

    assert set(index["recursos"]) == set(RESOURCES)
    for url in index["recursos"].values():
        assert client.get(url).status_code == 200


# Caching -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/", "/api/preguntas", "/api/openapi.json"])
def test_every_answer_carries_etag_last_modified_and_cache_control(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["Access-Control-Allow-Origin"] == "*"
    # Shared caches may keep it for everyone: no cookie set, none varied on.
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_current_copy_gets_304_by_etag_and_by_date(client, exercise):
    make_question(exercise)
    first = client.get("/api/preguntas")

    by_etag = client.get("/api/preguntas", headers={"if-none-match": first["ETag"]})
    by_date = client.get("/api/preguntas", headers={"if-modified-since": first["Last-Modified"]})

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304
    assert by_etag["ETag"] == first["ETag"]


def test_a_change_gives_a_new_etag_and_a_full_answer(client, exercise):
    make_question(exercise, text="Primera")
    first = client.get("/api/preguntas")
    make_question(exercise, text="Segunda")

    again = client.get("/api/preguntas", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert body(again)["total"] == 2


def test_last_modified_is_when_this_address_last_changed(client, exercise):
    """Not when the same bytes were first seen anywhere: an empty list served long ago by
    another address must not make a list that just emptied look unchanged."""
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        client.get("/api/documentos")  # an empty list, two hours ago
    question = make_question(exercise)
    question.status = Status.ASSIGNED
    question.save()
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        before = client.get("/api/preguntas?estado=assigned")
    question.status = Status.IN_REVIEW
    question.save()

    after = client.get(
        "/api/preguntas?estado=assigned", headers={"if-modified-since": before["Last-Modified"]}
    )

    assert body(after)["total"] == 0
    assert after.status_code == 200
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])


def test_an_old_copy_by_date_is_sent_again(client, exercise):
    make_question(exercise)
    long_ago = http_date((timezone.now() - timedelta(days=400)).timestamp())

    response = client.get("/api/preguntas", headers={"if-modified-since": long_ago})

    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/api/", *ENDPOINTS, "/api/openapi.json", "/api/docs"])
def test_head_answers_every_get_with_the_same_headers_and_no_body(client, db, url):
    get = client.get(url)
    head = client.head(url)

    assert head.status_code == 200
    assert head.content == b""
    if url != "/api/docs":
        assert head["ETag"] == get["ETag"]


# Rate limit ----------------------------------------------------------------------------------


def test_anonymous_callers_are_limited_with_a_spanish_429(client, db, settings):
    settings.API_RATE_LIMIT = (3, 60)

    statuses = [client.get("/api/ejercicios").status_code for _ in range(4)]
    refused = client.get("/api/ejercicios")

    assert statuses == [200, 200, 200, 429]
    assert refused["Retry-After"] == "60"
    assert "Demasiadas consultas" in body(refused)["detalle"]


# Query counts --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_resource_takes_the_same_queries_with_one_row_or_many(
    client, exercise, department, author, django_assert_num_queries
):
    add_one_of_each(exercise, department, author, 1)
    # The site's own cached lookups (which entity this host serves) are read once, by
    # whichever request comes first: not part of any resource's cost.
    client.get(ENDPOINTS[0])
    with_one = {url: _queries(client, url) for url in ENDPOINTS}
    for number in (2, 3, 4):
        add_one_of_each(exercise, department, author, number)

    for url in ENDPOINTS:
        rows = body(client.get(url))["total"]
        assert rows >= 1, url
        with django_assert_num_queries(with_one[url]):
            client.get(url)
    # The growth was real: several rows on the page of each list that grew.
    assert body(client.get("/api/preguntas"))["total"] == 4
    assert body(client.get("/api/encuestas"))["total"] == 4
    assert body(client.get("/api/evaluaciones"))["total"] == 4


# The reference page ---------------------------------------------------------------------------


def test_the_reference_page_shows_every_operation_with_its_parameters_and_fields(client, entity):
    from rinde.api.endpoints import api

    document = api.get_openapi_schema()
    page = client.get("/api/docs")

    assert page.status_code == 200
    html = page.content.decode()
    for path in document["paths"]:
        assert f"<code>GET {path}</code>" in html
    assert '<code>por_pagina</code> <span class="muted">(número entero; por omisión 20)' in html
    assert "<code>resultados[].respuestas[].texto</code>" in html
    assert "<code>resultados[].dependencia.codigo</code>" in html
    assert "<script" not in html.split("<main", 1)[1]
