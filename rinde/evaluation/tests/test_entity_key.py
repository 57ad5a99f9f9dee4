"""Evaluation forms carry their entity (docs/tenancy.md): the hearing's exercise's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.evaluation import services
from rinde.evaluation.models import EvaluationForm
from rinde.exercises.tests.factories import make_exercise, make_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entities():
    return make_entity(name="Alcaldía de Uno"), make_entity(name="Alcaldía de Dos")


def window():
    now = timezone.now()
    return {"opens_at": now, "closes_at": now + timedelta(days=2)}


def test_two_entities_each_hold_an_evaluation_form(two_entities):
    a, b = two_entities
    for entity in (a, b):
        hearing = make_hearing(make_exercise(2023, entity=entity))
        EvaluationForm.objects.create(entity=entity, event=hearing, title="Evaluación", **window())
    assert sorted(EvaluationForm.objects.across_entities().values_list("entity", flat=True)) == [
        a.pk,
        b.pk,
    ]


def test_a_form_made_while_an_entity_is_active_belongs_to_it(two_entities):
    _a, b = two_entities
    hearing = make_hearing(make_exercise(2023, entity=b))
    with scoping.activate(b):
        form = EvaluationForm.objects.create(event=hearing, title="Evaluación", **window())
    assert form.entity == b


def test_the_service_files_the_form_under_the_hearing_entity(two_entities, planning_user):
    a, b = two_entities
    hearing = make_hearing(make_exercise(2023, entity=b))
    with scoping.activate(a):
        form = services.create_form(event=hearing, actor=planning_user)
    assert form.entity == b
