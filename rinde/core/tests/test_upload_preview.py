import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from rinde.core import upload_preview


def make_request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    return request


def test_two_previews_are_kept_apart():
    request = make_request()
    first = upload_preview.keep(request, "flow", [{"name": "a.csv"}])
    second = upload_preview.keep(request, "flow", [{"name": "b.csv"}])
    assert first != second
    assert upload_preview.take(request, "flow", first) == [{"name": "a.csv"}]
    assert upload_preview.take(request, "flow", second) == [{"name": "b.csv"}]


def test_the_same_content_gets_the_same_key():
    request = make_request()
    assert upload_preview.keep(request, "flow", "texto") == upload_preview.keep(
        request, "flow", "texto"
    )


def test_flows_do_not_see_each_others_previews():
    request = make_request()
    key = upload_preview.keep(request, "chat", "texto")
    assert upload_preview.take(request, "directory", key) is None


@pytest.mark.parametrize("key", [None, "", "0123456789abcdef"])
def test_an_absent_preview_is_none(key):
    request = make_request()
    upload_preview.keep(request, "flow", "texto")
    assert upload_preview.take(request, "flow", key) is None


def test_a_dropped_preview_cannot_be_confirmed_again():
    request = make_request()
    kept = upload_preview.keep(request, "flow", "uno")
    other = upload_preview.keep(request, "flow", "dos")
    upload_preview.drop(request, "flow", kept)
    assert upload_preview.take(request, "flow", kept) is None
    assert upload_preview.take(request, "flow", other) == "dos"
    upload_preview.drop(request, "flow", kept)  # twice is harmless


def test_only_the_newest_previews_are_kept():
    request = make_request()
    keys = [upload_preview.keep(request, "flow", f"archivo {n}") for n in range(7)]
    kept = [upload_preview.take(request, "flow", key) for key in keys]
    assert kept == [None, None] + [f"archivo {n}" for n in range(2, 7)]
    assert upload_preview.KEPT_PER_FLOW == 5


def test_a_previewed_again_file_counts_as_the_newest():
    request = make_request()
    first = upload_preview.keep(request, "flow", "archivo 0")
    for n in range(1, 5):
        upload_preview.keep(request, "flow", f"archivo {n}")
    upload_preview.keep(request, "flow", "archivo 0")
    upload_preview.keep(request, "flow", "archivo 5")
    assert upload_preview.take(request, "flow", first) == "archivo 0"


def test_the_size_kept_per_flow_is_bounded(monkeypatch):
    monkeypatch.setattr(upload_preview, "MAX_CHARS_PER_FLOW", 25)
    request = make_request()
    old = upload_preview.keep(request, "flow", "x" * 10)
    new = upload_preview.keep(request, "flow", "y" * 20)
    assert upload_preview.take(request, "flow", old) is None
    assert upload_preview.take(request, "flow", new) == "y" * 20
    with pytest.raises(ValueError):
        upload_preview.keep(request, "flow", "z" * 30)


@pytest.mark.django_db
def test_a_kept_preview_survives_the_session_being_saved_and_read_again():
    request = make_request()
    rows = [{"outlet": "Emisora Sur", "scope": "local", "line": 2}]
    key = upload_preview.keep(request, "flow", rows)
    request.session.save()
    later = make_request()
    later.session = SessionStore(session_key=request.session.session_key)
    assert upload_preview.take(later, "flow", key) == rows
