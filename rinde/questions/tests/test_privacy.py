"""Personal data typed into a question never reaches a public page (issue 14, item 7)."""

import importlib
import io

import pytest
from django.apps import apps
from openpyxl import load_workbook

from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Question
from rinde.questions.tests.factories import make_hearing, make_question
from rinde.questions.tests.test_chat_import import confirm, upload
from rinde.questions.tests.test_intake import post_question

pytestmark = pytest.mark.django_db

RLO, PDF = "\u202e", "\u202c"


def test_identity_documents_typed_into_a_question_never_reach_public_pages(
    client, entity, staff_client, ict_user
):
    exercise = make_exercise()
    make_hearing(exercise)
    question = make_question(
        exercise,
        text="Soy Ana, C.C. 1.036.123.456, y mi empresa tiene NIT 890.980.093-8: ¿y la vía?",
    )
    for path in (
        f"/preguntas/{question.tracking_code}/",
        f"/preguntas/{question.tracking_code}/recibida/",
        "/rendicion/2023/preguntas/",
        "/rendicion/2023/en-vivo/",
        "/rendicion/2023/preguntas/informe/",
    ):
        text = client.get(path).text
        assert "[documento oculto]" in text, path
        assert "036.123" not in text and "890.980" not in text, path
    sheet = client.get("/rendicion/2023/preguntas/informe.xlsx").content
    cells = repr(list(load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True)))
    assert "[documento oculto]" in cells and "1.036.123.456" not in cells
    for typed in ("1.036", "890.980", "C.C."):
        found = client.get("/rendicion/2023/preguntas/", {"q": typed}).context["page"]
        assert list(found) == [], typed
    # Staff see the question as it arrived.
    assert "1.036.123.456" in staff_client(ict_user).get(f"/panel/preguntas/{question.pk}/").text


def test_questions_imported_from_the_chat_are_published_masked(staff_client, ict_user, entity):
    exercise = make_exercise()
    make_hearing(exercise)
    client = staff_client(ict_user)
    confirm(client, upload(client, "Ana,¿Y el parque? cc 43123456 cel 3001234567,09:15\n"))
    question = Question.objects.get()
    assert question.public_text == "¿Y el parque? [documento oculto] cel [teléfono oculto]"
    assert question.text == "¿Y el parque? cc 43123456 cel 3001234567"


def test_a_published_name_is_masked_isolated_and_without_direction_controls(client, entity):
    exercise = make_exercise()
    make_hearing(exercise)
    make_question(
        exercise,
        text="¿Cuándo arreglan el parque?",
        asker_name=f"Ana {RLO}aíraM cc 43123456",
        publish_name=True,
        data_authorized=True,
    )
    html = client.get("/rendicion/2023/en-vivo/").text
    assert RLO not in html
    assert "<bdi>Ana aíraM [documento oculto]</bdi>" in html


def test_the_migration_hides_documents_in_questions_published_before(entity):
    migration = importlib.import_module("rinde.questions.migrations.0005_mask_identity_documents")
    exercise = make_exercise()
    question = make_question(exercise, text="Mi cédula 71.234.567, tel 3001234567. ¿Y la vía?")
    plain = make_question(exercise, text="¿Y el parque?")
    # As the contacts-only mask stored it.
    Question.objects.filter(pk=question.pk).update(
        public_text="Mi cédula 71.234.567, tel [teléfono oculto]. ¿Y la vía?"
    )
    migration.mask_stored_questions_again(apps, None)
    question.refresh_from_db()
    plain.refresh_from_db()
    assert question.public_text == "Mi [documento oculto], tel [teléfono oculto]. ¿Y la vía?"
    assert question.text == "Mi cédula 71.234.567, tel 3001234567. ¿Y la vía?"
    assert plain.public_text == "¿Y el parque?"


def test_a_question_is_stored_without_direction_controls_from_any_channel(client, entity):
    exercise = make_exercise()
    response = post_question(
        client,
        "/rendicion/2023/preguntas/nueva/",
        text=f"¿Y el parque {RLO}euqrap{PDF} del barrio?",
        asker_name=f"Ana {RLO}aíraM",
        data_authorized="on",
    )
    assert response.status_code == 303
    question = Question.objects.get()
    assert question.text == "¿Y el parque euqrap del barrio?" == question.public_text
    assert question.asker_name == "Ana aíraM"
    # Paper and chat go through the same service.
    paper = make_question(exercise, text=f"{RLO}¿Y la vía?", asker_name=f"{RLO}Beto")
    assert (paper.text, paper.asker_name) == ("¿Y la vía?", "Beto")


def test_a_chat_comment_with_direction_controls_uploaded_twice_is_registered_once(
    staff_client, ict_user, entity
):
    exercise = make_exercise()
    make_hearing(exercise)
    client = staff_client(ict_user)
    rows = f"Ana {RLO}aíraM,¿Y el parque{RLO}?,09:15\n"
    confirm(client, upload(client, rows))
    assert Question.objects.get().asker_name == "Ana aíraM"
    assert "1 comentario ya está registrado" in upload(client, rows).text
