import pytest
from django.utils import timezone

from rinde.exercises import services
from rinde.exercises.models import Action, ActionStatus, Document
from rinde.exercises.tests.factories import make_exercise, make_hearing

pytestmark = pytest.mark.django_db


def _exercise_with_story(year=2023):
    exercise = make_exercise(year)
    stages = services.ensure_stages(exercise)
    for stage in stages:
        Action.objects.create(
            stage=stage, description=f"Acción de {stage.kind}", element="information"
        )
        Action.objects.create(
            stage=stage, description="Otra", element="dialogue", status=ActionStatus.DONE
        )
    make_hearing(exercise)
    Document.objects.create(
        exercise=exercise,
        kind="management_report",
        title="Informe de gestión",
        date=timezone.localdate(),
        file="rendicion/documentos/x.pdf",
        public_file="rendicion/documentos/publico.pdf",
        summary="<p>Resumen accesible</p>",
        sha256="a" * 64,
        size=2048,
        published_at=timezone.now(),
    )
    Document.objects.create(
        exercise=exercise,
        kind="other",
        title="Borrador interno",
        date=timezone.localdate(),
        file="rendicion/documentos/y.pdf",
        summary="<p>No</p>",
        sha256="b" * 64,
    )
    return exercise


def test_the_exercise_list_shows_only_published_exercises(client, entity):
    make_exercise(2023)
    make_exercise(2024, is_published=False)
    response = client.get("/rendicion/")
    assert response.status_code == 200
    assert "Rendición de Cuentas 2023" in response.text
    assert "Rendición de Cuentas 2024" not in response.text


def test_the_exercise_list_keeps_a_constant_query_count(client, entity, django_assert_num_queries):
    for year in range(2015, 2025):
        make_exercise(year)
    from rinde.core.public_cache import bump_site_version

    client.get("/rendicion/")  # warm the entity cache
    bump_site_version()  # measure the page as rendered, not as served from the page cache
    with django_assert_num_queries(2):
        client.get("/rendicion/")


def test_the_exercise_page_tells_the_whole_story(client, entity):
    _exercise_with_story()
    response = client.get("/rendicion/2023/")
    assert response.status_code == 200
    text = response.text
    for heading in [
        "Aprestamiento",
        "Diseño",
        "Preparación",
        "Ejecución",
        "Seguimiento y evaluación",
    ]:
        assert heading in text
    assert "5 de 10 acciones cumplidas (50 %)" in text
    assert "Audiencia pública 2023" in text
    assert "Informe de gestión" in text and "a" * 64 in text
    assert "<p>Resumen accesible</p>" in text
    assert "Borrador interno" not in text
    for slot in ['id="encuesta"', 'id="foro"', 'id="preguntas"', 'id="evaluacion"']:
        assert slot in text


def test_the_exercise_page_query_count_does_not_grow_with_its_content(
    client, entity, django_assert_num_queries
):
    from rinde.core.public_cache import bump_site_version

    exercise = _exercise_with_story()
    client.get("/rendicion/2023/")
    bump_site_version()  # measure the page as rendered, not as served from the page cache
    # 5 for the exercise and its rows, 2 for the legal calendar's questions and evaluation.
    with django_assert_num_queries(7):
        client.get("/rendicion/2023/")
    with django_assert_num_queries(0):  # as deployed: served from the page cache
        client.get("/rendicion/2023/")
    for stage in exercise.stages.all():
        Action.objects.create(stage=stage, description="Más", element="responsibility")
    make_hearing(exercise, title="Otro espacio de diálogo")
    # The new actions and event refresh the cached page at once (exercises/signals.py).
    with django_assert_num_queries(7):
        assert "Otro espacio de diálogo" in client.get("/rendicion/2023/").text


def test_an_unpublished_exercise_page_is_not_found(client, entity):
    make_exercise(2024, is_published=False)
    assert client.get("/rendicion/2024/").status_code == 404


def test_the_main_navigation_and_sitemap_list_the_exercises(client, entity):
    make_exercise(2023)
    assert 'href="/rendicion/"' in client.get("/").text
    assert "/rendicion/2023/" in client.get("/sitemap.xml").text
