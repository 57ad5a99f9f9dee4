import pytest

from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import PetitionKind
from rinde.questions.tests.factories import local, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(entity):
    return make_exercise()


def test_the_public_list_never_shows_personal_data(client, exercise):
    make_question(
        exercise, asker_name="Ana Secreta", asker_email="ana@secreto.org", data_authorized=True
    )
    make_question(
        exercise,
        text="Pregunta de Beto que sí quiere su nombre",
        asker_name="Beto Público",
        publish_name=True,
        data_authorized=True,
    )
    html = client.get("/rendicion/2023/preguntas/").text
    assert "Ana Secreta" not in html and "ana@secreto.org" not in html
    assert "Beto Público" in html


def test_rejected_and_merged_questions_are_not_listed(client, exercise, ict_user):
    kept = make_question(exercise, text="Una pregunta legítima sobre el presupuesto")
    spam = make_question(exercise, text="Compre seguidores baratos aquí")
    duplicate = make_question(exercise, text="Una pregunta legítima sobre el presupuesto, otra vez")
    services.reject_question(spam, actor=ict_user, reason="spam")
    services.merge_question(duplicate, into=kept, actor=ict_user)
    page = client.get("/rendicion/2023/preguntas/").context["page"]
    assert [q.pk for q in page.object_list] == [kept.pk]


def test_a_rejected_question_shows_the_public_only_its_status_and_is_not_indexed(
    client, exercise, ict_user
):
    spam = make_question(exercise, text="Compre seguidores baratos en spam-tienda.example")
    services.reject_question(spam, actor=ict_user, reason="Publicidad.")
    for path in (f"/preguntas/{spam.tracking_code}/", f"/preguntas/{spam.tracking_code}/recibida/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "seguidores" not in response.text and "spam-tienda" not in response.text, path
        assert "Rechazada" in response.text and "Publicidad." in response.text, path
        assert '<meta name="robots" content="noindex">' in response.text, path
        assert response["X-Robots-Tag"] == "noindex", path
    kept = client.get(f"/preguntas/{make_question(exercise).tracking_code}/")
    assert "noindex" not in kept.text and "X-Robots-Tag" not in kept


def test_filters_and_search(client, exercise, planning_user, department, other_department):
    roads = make_question(exercise, text="¿Cuándo pavimentan la calle 30?")
    health = make_question(exercise, text="¿Cuándo abre el hospital del sur?")
    services.classify_question(
        roads, actor=planning_user, department=department, kind=PetitionKind.GENERAL, topic="Vías"
    )
    services.classify_question(
        health,
        actor=planning_user,
        department=other_department,
        kind=PetitionKind.GENERAL,
        topic="Salud",
    )
    assert [
        q.pk for q in client.get("/rendicion/2023/preguntas/", {"topic": "Salud"}).context["page"]
    ] == [health.pk]
    assert [
        q.pk
        for q in client.get("/rendicion/2023/preguntas/", {"department": department.pk}).context[
            "page"
        ]
    ] == [roads.pk]
    assert [
        q.pk for q in client.get("/rendicion/2023/preguntas/", {"q": "hospital"}).context["page"]
    ] == [health.pk]
    assert (
        "No hay preguntas con esos filtros."
        in client.get("/rendicion/2023/preguntas/", {"q": "zzz"}).text
    )


@pytest.mark.parametrize("typed", ["cuanto", "CUÁNTO", "Cuanto", "via", "VÍA", "niño", "nino"])
def test_search_ignores_accents_and_case(client, exercise, typed):
    found = make_question(exercise, text="¿Cuánto cuesta la vía al colegio del Niño Jesús?")
    make_question(exercise, text="¿Quién arregla el parque del barrio?")
    page = client.get("/rendicion/2023/preguntas/", {"q": typed}).context["page"]
    assert [q.pk for q in page] == [found.pk]


def test_figures_count_answers_on_time_and_average_days(
    client, exercise, planning_user, officer_user, department, time_machine
):
    time_machine.move_to("2023-12-20 10:00 -05:00")
    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    make_question(
        exercise, text="Otra pregunta todavía sin respuesta", received_at=local(2023, 12, 15, 11)
    )
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    answer = services.draft_answer(question, actor=officer_user, body="<p>Respuesta</p>")
    services.review_answer(answer, actor=planning_user, approve=True)
    figures = client.get("/rendicion/2023/preguntas/").context["figures"]
    assert figures["received"] == 2
    assert figures["answered"] == 1
    assert figures["on_time"] == 1
    assert figures["average_days"] == 3  # 15 Dec → 20 Dec 2023: 18, 19, 20
    assert figures["by_department"] == [
        {"department__name": department.name, "received": 1, "answered": 1, "on_time": 1}
    ]


def test_overdue_questions_are_flagged_in_public(client, exercise, time_machine):
    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    time_machine.move_to("2024-01-11 10:00 -05:00")
    assert "Vencida" in client.get(f"/preguntas/{question.tracking_code}/").text
    assert client.get("/rendicion/2023/preguntas/").context["figures"]["overdue"] == 1


def test_the_public_list_query_count_is_constant(client, exercise, django_assert_num_queries):
    from rinde.core.public_cache import bump_site_version

    make_question(exercise)
    client.get("/rendicion/2023/preguntas/")
    bump_site_version()  # measure the page as rendered, not as served from the page cache
    with django_assert_num_queries(9) as few:
        client.get("/rendicion/2023/preguntas/")
    for n in range(30):
        make_question(exercise, text=f"Pregunta ciudadana número {n} sobre el parque")
    bump_site_version()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/rendicion/2023/preguntas/")
    assert len(response.context["page"].object_list) == 20


def test_a_staff_change_shows_on_the_cached_public_list_at_once(client, exercise, planning_user):
    from rinde.questions import services

    question = make_question(exercise, text="Una pregunta con insultos que se rechaza")
    assert "insultos" in client.get("/rendicion/2023/preguntas/").text
    services.reject_question(question, actor=planning_user, reason="Lenguaje ofensivo")
    assert "insultos" not in client.get("/rendicion/2023/preguntas/").text


def test_a_question_is_found_by_its_code_in_any_case(client, exercise):
    question = make_question(exercise)
    response = client.get("/preguntas/", {"codigo": question.tracking_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/preguntas/{question.tracking_code}/"
    missing = client.get("/preguntas/", {"codigo": "RC2023-XXXXXX"})
    assert missing.status_code == 404
    assert "No encontramos una pregunta con el código" in missing.text


def test_a_code_is_found_as_people_type_it(client, exercise):
    question = make_question(exercise)
    code = question.tracking_code  # RC2023-XXXXXX
    for typed in (code.replace("-", ""), code.replace("-", " ").lower(), f" {code[-6:]} "):
        response = client.get("/preguntas/", {"codigo": typed})
        assert response.status_code == 302, typed
        assert response["Location"] == f"/preguntas/{code}/"
    assert client.get("/preguntas/", {"codigo": "RC2023"}).status_code == 404


def test_the_live_feed_answers_304_when_nothing_changed(client, exercise):
    from django.core.cache import cache

    make_question(exercise)
    first = client.get("/rendicion/2023/en-vivo/preguntas/")
    assert first.status_code == 200
    assert "max-age=5" in first["Cache-Control"]
    again = client.get(
        "/rendicion/2023/en-vivo/preguntas/", headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 304
    make_question(exercise, text="Una pregunta nueva durante la audiencia")
    # Within 5 seconds the cached list is served; once that entry expires the new one shows.
    url = "/rendicion/2023/en-vivo/preguntas/"
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    cache.clear()
    fresh = client.get(url, headers={"if-none-match": first["ETag"]})
    assert fresh.status_code == 200
    assert "Una pregunta nueva durante la audiencia" in fresh.text


def test_the_answers_report_lists_every_public_question(client, exercise):
    question = make_question(exercise)
    html = client.get("/rendicion/2023/preguntas/informe/").text
    assert question.tracking_code in html
    assert "4.7" in html


def test_the_sitemap_lists_the_question_pages(client, exercise):
    question = make_question(exercise)
    xml = client.get("/sitemap.xml").text
    assert "/rendicion/2023/preguntas/" in xml
    assert f"/preguntas/{question.tracking_code}/" in xml


def test_the_answers_report_downloads_as_xlsx_without_contact_data(client, exercise):
    import io

    from openpyxl import load_workbook

    question = make_question(
        exercise, asker_name="Ana", asker_email="ana@secreto.org", data_authorized=True
    )
    response = client.get("/rendicion/2023/preguntas/informe.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Código"
    assert rows[1][0] == question.tracking_code
    assert "ana@secreto.org" not in repr(rows) and "Ana" not in repr(rows)


def test_the_answers_report_keeps_typed_text_as_text(
    client, exercise, planning_user, officer_user, department
):
    import io

    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://evil","clic")'
    question = make_question(exercise, text=formula)
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    answer = services.draft_answer(question, actor=officer_user, body="Calle 50 & Carrera 36")
    services.review_answer(answer, actor=planning_user, approve=True)
    response = client.get("/rendicion/2023/preguntas/informe.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert (sheet["B2"].value, sheet["B2"].data_type) == (formula, "s")
    assert sheet["N2"].value == "Calle 50 & Carrera 36"


def test_the_answers_report_downloads_as_pdf(client, exercise):
    make_question(exercise)
    response = client.get("/rendicion/2023/preguntas/informe.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF-")


def test_the_quarterly_report_counts_by_outcome(client, exercise, ict_user):
    make_question(exercise, received_at=local(2023, 12, 15, 10))
    forwarded = make_question(
        exercise,
        text="Pregunta para la Gobernación de Antioquia",
        received_at=local(2023, 11, 2, 10),
    )
    services.forward_question(forwarded, actor=ict_user, authority="Gobernación")
    make_question(
        exercise, text="Pregunta del tercer trimestre del año", received_at=local(2023, 9, 1, 10)
    )
    figures = client.get("/preguntas/informe-trimestral/", {"anio": 2023, "trimestre": 4}).context[
        "figures"
    ]
    assert figures["received"] == 2
    assert figures["forwarded"] == 1
    assert client.get("/preguntas/informe-trimestral/", {"anio": "x"}).status_code == 404
