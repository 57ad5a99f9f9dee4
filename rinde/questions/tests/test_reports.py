import pytest

from rinde.questions import exports, services
from rinde.questions.tests.factories import make_exercise, make_question

pytestmark = pytest.mark.django_db


def test_the_answers_pdf_is_built_once_until_staff_change_something(
    client, entity, ict_user, monkeypatch
):
    # Building the PDF takes seconds with a few hundred questions and anyone may ask for
    # it: it is cached like every public page, and a staff change shows at once.
    exercise = make_exercise()
    question = make_question(exercise)
    built = []
    real = exports.answers_pdf
    monkeypatch.setattr(exports, "answers_pdf", lambda *a: built.append(1) or real(*a))
    url = "/rendicion/2023/preguntas/informe.pdf"
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert first.content.startswith(b"%PDF-")
    assert len(built) == 1
    services.reject_question(question, actor=ict_user, reason="Publicidad")
    client.get(url)
    assert len(built) == 2


def test_contacts_typed_into_a_question_never_reach_public_pages(
    client, entity, staff_client, ict_user
):
    import io

    from openpyxl import load_workbook

    from rinde.questions.tests.factories import make_hearing

    exercise = make_exercise()
    make_hearing(exercise)
    question = make_question(
        exercise,
        text="¿Cuándo arreglan mi calle? Llámenme al 300 123 4567 o escriban a ana.p@gmail.com",
    )
    pages = [
        f"/preguntas/{question.tracking_code}/",
        f"/preguntas/{question.tracking_code}/recibida/",
        "/rendicion/2023/preguntas/",
        "/rendicion/2023/en-vivo/",
        "/rendicion/2023/preguntas/informe/",
    ]
    for path in pages:
        text = client.get(path).text
        assert "[teléfono oculto]" in text, path
        assert "300 123 4567" not in text and "ana.p@gmail.com" not in text, path
    sheet = client.get("/rendicion/2023/preguntas/informe.xlsx").content
    cells = repr(list(load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True)))
    assert "[correo oculto]" in cells and "ana.p@gmail.com" not in cells
    # Nor can the public search find what the page hides.
    for typed in ("300 123", "gmail", "ana.p"):
        found = client.get("/rendicion/2023/preguntas/", {"q": typed}).context["page"]
        assert list(found) == [], typed
    assert len(client.get("/rendicion/2023/preguntas/", {"q": "mi calle"}).context["page"]) == 1
    # Staff see the question as it arrived.
    assert "300 123 4567" in staff_client(ict_user).get(f"/panel/preguntas/{question.pk}/").text
