"""The 503 (database away) and 507 (disk full) pages pass axe-core's WCAG 2.1 AA rules."""

import errno

import pytest
from django.db import OperationalError

from rinde.core.tests.browser import axe_violations
from rinde.exercises.tests.factories import make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("error", "status", "heading"),
    [
        (OperationalError("the database system is shutting down"), 503, "no está disponible"),
        (OSError(errno.ENOSPC, "No space left on device"), 507, "No pudimos guardar"),
    ],
)
def test_the_page_for_a_fault_is_accessible(
    live_server, page, entity, monkeypatch, error, status, heading
):
    make_exercise()

    def fails(year):
        raise error

    monkeypatch.setattr("rinde.questions.intake.access_intake", fails)
    response = page.goto(live_server.url + "/rendicion/2023/preguntas/nueva/")
    assert response.status == status
    assert heading in page.locator("h1").inner_text()
    assert axe_violations(page) == []
