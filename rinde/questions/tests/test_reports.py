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
