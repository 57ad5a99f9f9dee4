"""The API against its own OpenAPI document, with schemathesis, on the demo's data: for
generated queries of every operation, no server error and every answer as documented
(status, content type, headers and body)."""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

# Bounded so the whole run stays under a minute on a shared two-core machine.
EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def demo(db, settings):
    call_command("load_demo", "--quiet-accounts", verbosity=0)
    # Hundreds of requests from one address: the anonymous limit is tested on its own.
    settings.API_RATE_LIMIT = (1_000_000, 60)


# Schemathesis's WSGI transport asks for compressed bodies and cannot read brotli; the
# app compresses when asked (core.compression), which is tested on its own.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, keeping the test's database connection: at each
    request's end Django closes it, which on PostgreSQL would end the test's transaction
    (Django's own test client disconnects the same handlers)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_answers_as_its_schema_says_on_the_demo(demo, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    calls = 0
    for operation in operations:

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            nonlocal calls
            response = case.call(headers=PLAIN)
            calls += 1
            assert response.status_code < 500, (case.formatted_path, case.query)
            case.validate_response(response)

        check()
    assert calls >= len(operations)


# Values that exist in the demo, so filtered queries return rows (generated slugs rarely do).
DEMO_VALUES = {
    "ejercicio": ["2023", "2026"],
    "plan": ["2020-2023"],
    "dependencia": ["infraestructura", "salud", "movilidad"],
    "anio": [2023],
    "por_pagina": [100],
    "desde": ["2023-01-01"],
    "hasta": ["2023-12-31"],
}


def test_every_filter_with_the_demos_own_values_answers_as_documented(demo, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    rows = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p["name"] for p in operation.definition.raw.get("parameters", [])}
        queries = [{"por_pagina": 100}] + [
            {name: value}
            for name, values in DEMO_VALUES.items()
            if name in names
            for value in values
        ]
        for enum_name in ("estado", "tipo"):
            parameter = next(
                (
                    p
                    for p in operation.definition.raw.get("parameters", [])
                    if p["name"] == enum_name
                ),
                None,
            )
            if parameter:
                enum = next(o for o in parameter["schema"]["anyOf"] if "enum" in o)["enum"]
                queries += [{enum_name: value} for value in enum]
        for query in queries if names else [{}]:
            case = operation.Case(query=query if names else None)
            response = case.call(headers=PLAIN)
            assert response.status_code == 200, (operation.label, query, response.text[:300])
            case.validate_response(response)
            rows += len(response.json().get("resultados", []))
    assert rows > 100
