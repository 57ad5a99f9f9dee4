"""The audit log with several entities (docs/tenancy.md, "The audit log"): each entry names
its entity, and an entity's administrator reads that entity's entries only."""

import pytest
from django.db import transaction

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import login_verified, make_user
from rinde.core import audit
from rinde.core.models import AuditEntry
from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.exercises.models import Event
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenjo(db):
    return make_entity(name="Alcaldía de Tenjo", slug="tenjo")


@pytest.fixture
def cota(tenjo):
    return make_entity(name="Alcaldía de Cota", slug="cota")


def test_an_entry_names_its_targets_entity_through_its_parents(tenjo, cota):
    with scoping.activate(cota):
        exercise = make_exercise(2026)
    event = Event(exercise=exercise, title="Audiencia")  # no key: its exercise's
    with transaction.atomic():
        entry = audit.record(actor=None, action="prueba.evento", target=exercise)
        child = audit.record(actor=None, action="prueba.hijo", target=event)
        loose = audit.record(actor=None, action="prueba.sistema")
    assert (entry.entity_id, child.entity_id, loose.entity_id) == (cota.pk, cota.pk, None)


def test_each_entitys_administrator_reads_its_own_entries_only(client, tenjo, cota):
    person = make_user(Role.ADMIN, username="admin-tenjo", entity=tenjo)
    with scoping.activate(cota):
        theirs = make_exercise(2026, title="Rendición de Cota")
    with scoping.activate(tenjo):
        ours = make_exercise(2026, title="Rendición de Tenjo")
    with transaction.atomic():
        audit.record(actor=None, action="exercises.exercise.update", target=theirs)
        audit.record(actor=None, action="exercises.exercise.update", target=ours)
    login_verified(client, person)
    page = client.get("/e/tenjo/panel/auditoria/")
    assert page.status_code == 200
    assert "Rendición de Tenjo" in page.text and "Rendición de Cota" not in page.text
    export = client.get("/e/tenjo/panel/auditoria/", {"formato": "csv"})
    text = b"".join(export.streaming_content).decode()
    assert "Rendición de Tenjo" in text and "Rendición de Cota" not in text
    assert AuditEntry.objects.count() >= 2
