"""The entity key on the search index (docs/tenancy.md, steps 2 and 3): an entry takes its
item's entity. (kind, object_id) stays unique across the installation: an item's id is
unique in its table whatever its entity."""

from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction

from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.tests.factories import make_question
from rinde.search import indexing
from rinde.search.models import Kind, SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_entity(entity):
    return make_entity(name="Alcaldía de Envigado")


def test_an_entry_takes_its_items_entity(entity, other_entity):
    ours = make_question(make_exercise(is_published=True), text="¿Cuándo arreglan el puente?")
    theirs = make_question(
        make_exercise(is_published=True, entity=other_entity), text="¿Cuándo arreglan el parque?"
    )
    # Each entity indexes its own; another entity's question is out of its reach.
    for owner in (entity, other_entity):
        with scoping.activate(owner):
            indexing.index_objects(Kind.QUESTION, [ours.pk, theirs.pk])
    entries = dict(SearchEntry.objects.across_entities().values_list("object_id", "entity"))
    assert entries == {ours.pk: entity.pk, theirs.pk: other_entity.pk}
    for owner in (entity, other_entity):
        with scoping.activate(owner):
            indexing.rebuild()
    assert dict(SearchEntry.objects.across_entities().values_list("object_id", "entity")) == entries


def test_the_entity_comes_from_the_item_else_its_exercise_or_plan():
    keyed = SimpleNamespace(entity_id=1, exercise=SimpleNamespace(entity_id=2))
    assert indexing._entity_id(keyed) == 1
    assert indexing._entity_id(SimpleNamespace(exercise=SimpleNamespace(entity_id=2))) == 2
    assert indexing._entity_id(SimpleNamespace(plan=SimpleNamespace(entity_id=3))) == 3
    assert indexing._entity_id(SimpleNamespace(exercise=None)) is None


def test_an_item_is_indexed_once_across_entities_and_rows_take_the_active_entity(
    entity, other_entity
):
    with scoping.activate(other_entity):
        entry = SearchEntry.objects.create(kind=Kind.QUESTION, object_id=7, title="t", url="/")
    assert entry.entity == other_entity
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchEntry.objects.create(
            entity=entity, kind=Kind.QUESTION, object_id=7, title="t", url="/"
        )


def test_sqlites_full_text_triggers_survive_the_keys_migrations():
    # Making the key NOT NULL copies search_entry on SQLite, which drops its triggers
    # (migration 0004 creates them again).
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps a generated column, not triggers")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_entry'"
        )
        assert {name for (name,) in cursor.fetchall()} == {
            "search_entry_fts_insert",
            "search_entry_fts_delete",
            "search_entry_fts_update",
        }
