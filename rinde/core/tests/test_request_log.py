import io
import json
import logging

import pytest

from rinde.core import logs

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the production handler (JSON, request context) writes, as parsed lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.RequestContextFilter())
    root = logging.getLogger()
    request_logger = logging.getLogger("rinde.request")
    old_level = request_logger.level
    root.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        request_logger.setLevel(old_level)


def access_lines(lines):
    return [line for line in lines if line["logger"] == "rinde.request"]


def test_the_access_line_is_json_with_the_request_id_and_no_personal_data(
    client, entity, json_lines
):
    response = client.get("/privacidad/?q=ana.perez@example.com&nombre=Ana+Perez")
    [line] = access_lines(json_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/privacidad/"
    assert line["view"] == "portal:privacy"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert {"time", "level", "logger", "message"} <= set(line)
    raw = json.dumps(line)
    assert "example.com" not in raw
    assert "Perez" not in raw


def test_a_citizens_question_text_and_email_stay_out_of_the_log(
    client, entity, citizen_user, json_lines
):
    client.force_login(citizen_user)
    client.post("/rendicion/2023/preguntas/nueva/", {"text": "Mi cédula es 71234567"})
    raw = "\n".join(json.dumps(line) for line in json_lines())
    assert "71234567" not in raw
    assert citizen_user.email not in raw
    assert all(line["user_id"] is None for line in access_lines(json_lines()))


def test_the_access_line_names_a_staff_member_by_id_only(staff_client, planning_user, json_lines):
    staff_client(planning_user).get("/panel/")
    line = access_lines(json_lines())[-1]
    assert line["user_id"] == planning_user.pk
    assert planning_user.email not in json.dumps(line)
    assert planning_user.username not in json.dumps(line)


def test_records_written_during_the_request_carry_its_id(client, entity, json_lines):
    response = client.get("/no-existe-esta-pagina/")
    assert response.status_code == 404
    not_found = [line for line in json_lines() if line["logger"] == "django.request"]
    assert not_found and not_found[0]["request_id"] == response["X-Request-ID"]
    assert access_lines(json_lines())[0]["view"] == "unresolved"


def test_the_proxys_request_id_is_kept_behind_a_trusted_proxy(client, entity, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/privacidad/", headers={"X-Request-ID": "0f" * 16})
    assert response["X-Request-ID"] == "0f" * 16


def test_a_clients_request_id_is_ignored_without_a_trusted_proxy(client, entity):
    response = client.get("/privacidad/", headers={"X-Request-ID": "chosen-by-client"})
    assert response["X-Request-ID"] != "chosen-by-client"
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.parametrize(
    "value", ['x" level="CRITICAL', "a\nb" * 10, "short", "é" * 20, "x" * 200, ""]
)
def test_it_replaces_an_insane_request_id_even_from_the_proxy(client, entity, settings, value):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/privacidad/", headers={"X-Request-ID": value})
    assert response["X-Request-ID"] != value
    assert len(response["X-Request-ID"]) == 32


def test_the_request_id_is_forgotten_after_the_request(client, entity):
    client.get("/privacidad/")
    assert logs.request_id_var.get() == "-"


def test_the_text_format_shows_the_request_id():
    from django.conf import settings

    text = settings.LOGGING["formatters"]["text"]["format"]
    record = logging.LogRecord("rinde", logging.WARNING, "", 0, "hola", None, None)
    token = logs.request_id_var.set("abc123abc123")
    try:
        logs.RequestContextFilter().filter(record)
        assert "[abc123abc123] hola" in logging.Formatter(text).format(record)
    finally:
        logs.request_id_var.reset(token)


def test_the_json_formatter_keeps_the_traceback_and_drops_the_request_object():
    try:
        raise ValueError("roto")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            "",
            0,
            "Internal Server Error: %s",
            ("/x/",),
            sys.exc_info(),
        )
    record.request = object()
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "Internal Server Error: /x/"
    assert "ValueError: roto" in line["exception"]
    assert "request" not in line
