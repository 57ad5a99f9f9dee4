"""Review of issue 16. A HEAD tells what the GET would send, compression included (RFC 9110
9.3.2): the same Content-Encoding, Content-Length, ETag and Vary."""

import pytest

from rinde.questions.tests.factories import make_exercise


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/", "/api/ejercicios", "/api/openapi.json"])
def test_head_has_the_compressed_gets_headers(client, entity, url):
    make_exercise()
    get = client.get(url, headers={"accept-encoding": "br"})
    head = client.head(url, headers={"accept-encoding": "br"})

    assert get["Content-Encoding"] == "br"
    assert head.content == b""
    for header in ("Content-Encoding", "Content-Length", "ETag", "Vary"):
        assert head.get(header) == get.get(header), header


@pytest.mark.django_db
def test_a_questions_stored_public_text_is_masked_again_as_in_the_feeds_and_data(client, entity):
    """public_text was masked when the question arrived, by that day's rules; the feeds and
    the open-data files mask it again on the way out, and so must the API."""
    from rinde.questions.models import Question
    from rinde.questions.tests.factories import make_question

    question = make_question(make_exercise())
    Question.objects.filter(pk=question.pk).update(
        public_text="¿Cuándo? Escríbanme a ana.perez@example.org o al 300 123 4567"
    )

    content = client.get("/api/preguntas").content.decode()

    assert question.tracking_code in content
    assert "ana.perez@example.org" not in content and "300 123 4567" not in content
