from types import SimpleNamespace

import pytest
import time_machine

from rinde.exercises.tests.factories import make_exercise
from rinde.questions import exports, reporting, services, tasks
from rinde.questions.models import AnswersReportPdf
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db

URL = "/rendicion/2023/preguntas/informe.pdf"


def _refuse_to_render(*args, **kwargs):
    raise AssertionError("a request rendered the PDF")


def _hold_the_worker(monkeypatch, queued: list) -> None:
    """Keep what the worker is asked to do instead of running it at once."""
    monkeypatch.setattr(
        tasks, "render_answers_report_pdf", SimpleNamespace(enqueue=lambda *a: queued.append(a))
    )


@pytest.fixture
def renders(monkeypatch):
    """Every PDF the worker renders (tests run tasks at once, inside the request)."""
    built = []
    real = exports.answers_pdf
    monkeypatch.setattr(exports, "answers_pdf", lambda *a: built.append(1) or real(*a))
    return built


def test_the_answers_pdf_is_rendered_once_until_something_public_changes(
    client, entity, ict_user, renders
):
    exercise = make_exercise()
    question = make_question(exercise)
    first, second = client.get(URL), client.get(URL)
    assert first["Content-Type"] == "application/pdf"
    content = first.getvalue()
    assert content.startswith(b"%PDF-")
    assert second.getvalue() == content
    assert len(renders) == 1
    services.reject_question(question, actor=ict_user, reason="Publicidad")
    client.get(URL)
    assert len(renders) == 2
    # A citizen's new question changes it too, without any staff action.
    make_question(exercise, text="¿Qué obras se harán en el barrio Santa María?")
    client.get(URL)
    assert len(renders) == 3


def test_no_query_string_or_cookie_makes_a_request_render_the_pdf(
    client, entity, renders, monkeypatch
):
    exercise = make_exercise()
    make_question(exercise)
    stored = client.get(URL).getvalue()
    assert len(renders) == 1
    monkeypatch.setattr(exports, "answers_pdf", _refuse_to_render)
    client.cookies["sessionid"] = "anything"
    client.cookies["x"] = "y"
    for query in ("", "?v=1", "?nocache=7f3a", "?pagina=2&x=%00", "?" + "a" * 2000):
        response = client.get(URL + query, HTTP_CACHE_CONTROL="no-cache")
        assert response.status_code == 200, query
        assert response.getvalue() == stored, query


def test_a_change_is_rendered_by_the_worker_while_the_previous_pdf_is_served(
    client, entity, renders, monkeypatch
):
    exercise = make_exercise()
    make_question(exercise)
    previous = client.get(URL).getvalue()
    queued = []
    _hold_the_worker(monkeypatch, queued)
    make_question(exercise, text="¿Cuándo abren el nuevo parque del barrio?")
    responses = [client.get(URL, {"n": n}) for n in range(5)]
    assert {r.getvalue() for r in responses} == {previous}
    # Five requests for the same change ask the worker once.
    assert queued == [(exercise.pk, reporting.fingerprint(exercise))]
    assert len(renders) == 1
    reporting.render_and_store_pdf(*queued[0])
    assert client.get(URL).getvalue() != previous
    assert len(renders) == 2


def test_the_replaced_pdf_file_is_removed(
    client, entity, renders, django_capture_on_commit_callbacks
):
    exercise = make_exercise()
    make_question(exercise)
    client.get(URL)
    first = AnswersReportPdf.objects.get(exercise=exercise).file
    storage, name = first.storage, first.name
    assert storage.exists(name)
    make_question(exercise, text="¿Cuándo abren el nuevo parque del barrio?")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(URL)
    assert not storage.exists(name)


def test_before_the_first_pdf_is_ready_a_spanish_page_links_to_the_html_report(
    client, entity, monkeypatch
):
    exercise = make_exercise()
    make_question(exercise)
    _hold_the_worker(monkeypatch, [])
    monkeypatch.setattr(exports, "answers_pdf", _refuse_to_render)
    response = client.get(URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "El PDF se está preparando" in response.text
    assert 'href="/rendicion/2023/preguntas/informe/"' in response.text
    assert AnswersReportPdf.objects.get(exercise=exercise).requested_fingerprint


def test_a_failed_render_is_asked_again_only_after_a_while(client, entity, monkeypatch):
    exercise = make_exercise()
    make_question(exercise)
    queued = []
    _hold_the_worker(monkeypatch, queued)
    with time_machine.travel("2024-03-01 10:00 -05:00", tick=False):
        client.get(URL)
        client.get(URL)
    assert len(queued) == 1
    with time_machine.travel("2024-03-01 10:11 -05:00", tick=False):
        client.get(URL)
    assert len(queued) == 2


def test_the_pdf_answers_a_conditional_get_with_304(client, entity, renders):
    make_question(make_exercise())
    etag = client.get(URL)["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
