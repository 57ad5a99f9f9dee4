"""Every exercise and veeduría belongs to an entity (docs/tenancy.md, row-level tenancy):
their addresses and names are unique within it, not across the installation."""

from datetime import date, datetime

import pytest
from django.db import IntegrityError, transaction

from rinde.accounts import memberships
from rinde.accounts.models import Role
from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.evaluation.models import EvaluationForm
from rinde.exercises.models import Exercise, OversightCommittee
from rinde.exercises.tests.factories import BOGOTA, make_exercise, make_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entities():
    return make_entity(name="Alcaldía de Uno"), make_entity(name="Alcaldía de Dos")


def new_exercise_data(**overrides) -> dict:
    data = {
        "year": 2027,
        "slug": "",
        "title": "Rendición de cuentas 2027",
        "starts_on": "2027-01-10",
        "ends_on": "2027-12-31",
        "source": "vacio",
    }
    return {**data, **overrides}


def test_two_entities_each_hold_the_same_address_and_veeduria(two_entities):
    a, b = two_entities
    ours = make_exercise(2023, entity=a)
    theirs = make_exercise(2023, entity=b)
    assert (ours.slug, theirs.slug) == ("2023", "2023")
    OversightCommittee.objects.create(entity=a, name="Veeduría de obras")
    OversightCommittee.objects.create(entity=b, name="Veeduría de obras")
    assert (
        OversightCommittee.objects.across_entities().filter(name="Veeduría de obras").count() == 2
    )


def test_an_address_and_a_veeduria_name_stay_unique_within_an_entity(two_entities):
    a, _b = two_entities
    make_exercise(2023, entity=a)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_exercise(2023, entity=a)
    OversightCommittee.objects.create(entity=a, name="Veeduría de obras")
    with pytest.raises(IntegrityError), transaction.atomic():
        OversightCommittee.objects.create(entity=a, name="Veeduría de obras")


def test_a_row_made_while_an_entity_is_active_belongs_to_it(two_entities):
    _a, b = two_entities
    with scoping.activate(b):
        exercise = make_exercise(2023)
        committee = OversightCommittee.objects.create(name="Veeduría de salud")
    assert exercise.entity == b
    assert committee.entity == b


def test_a_row_made_with_no_entity_active_belongs_to_the_first(two_entities):
    a, _b = two_entities
    assert OversightCommittee.objects.create(name="Veeduría de salud").entity == a
    assert make_exercise(2023).entity == a


def test_the_panel_refuses_an_address_taken_within_the_entity_in_spanish(
    staff_client, admin_user, two_entities
):
    a, b = two_entities
    make_exercise(2027, entity=b)
    memberships.grant(admin_user, b, Role.ADMIN)
    client = staff_client(admin_user)
    response = client.post(f"/e/{b.slug}/panel/rendicion/nuevo/", new_exercise_data())
    assert response.status_code == 200
    assert "Ya hay un ejercicio en /rendicion/2027/" in response.text
    assert Exercise.objects.across_entities().filter(entity=b).count() == 1

    # The same address at another entity is free.
    response = client.post(f"/e/{a.slug}/panel/rendicion/nuevo/", new_exercise_data())
    assert response.status_code == 302
    assert Exercise.objects.across_entities().get(entity=a).slug == "2027"


def test_editing_an_exercise_onto_a_taken_address_is_refused_in_spanish(
    staff_client, admin_user, two_entities
):
    _a, b = two_entities
    memberships.grant(admin_user, b, Role.ADMIN)  # staff of b too: roles are per entity
    make_exercise(2027, entity=b, slug="2027-infancia", is_published=False)
    exercise = make_exercise(2027, entity=b, is_published=False)
    data = {
        "year": 2027,
        "slug": "2027-infancia",
        "title": "Cambiado",
        "planning_instrument": "ptep",
        "starts_on": "2027-01-10",
        "ends_on": "2027-12-31",
    }
    response = staff_client(admin_user).post(f"/e/{b.slug}/panel/rendicion/2027/editar/", data)
    assert response.status_code == 200
    assert "Ya hay un ejercicio en /rendicion/2027-infancia/" in response.text
    exercise.refresh_from_db()
    assert (exercise.slug, exercise.title) != ("2027-infancia", "Cambiado")


def test_django_admin_refuses_a_taken_address_and_veeduria_name_in_spanish(
    staff_client, admin_user, entity
):
    make_exercise(2027, entity=entity)
    OversightCommittee.objects.create(entity=entity, name="Veeduría de obras")
    client = staff_client(admin_user)
    response = client.post(
        "/panel/admin/exercises/exercise/add/",
        {
            "year": 2027,
            "slug": "2027",
            "title": "Otra",
            "planning_instrument": "",
            "summary": "",
            "starts_on": "2027-01-10",
            "ends_on": "2027-12-31",
        },
    )
    assert response.status_code == 200
    assert "Ya hay un ejercicio en /rendicion/2027/" in response.text
    response = client.post(
        "/panel/admin/exercises/oversightcommittee/add/",
        {"name": "Veeduría de obras", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Ya hay una veeduría con ese nombre." in response.text
    assert OversightCommittee.objects.across_entities().count() == 1


def test_a_copy_stays_in_the_entity_and_copies_only_its_own_exercises(
    staff_client, planning_user, two_entities
):
    a, b = two_entities
    source = make_exercise(2026, entity=b)
    hearing = make_hearing(source, datetime(2026, 11, 19, 9, 0, tzinfo=BOGOTA))
    EvaluationForm.objects.create(
        entity=b,
        event=hearing,
        title="Evaluación de la audiencia",
        opens_at=datetime(2026, 11, 19, 9, 0, tzinfo=BOGOTA),
        closes_at=datetime(2026, 11, 26, 9, 0, tzinfo=BOGOTA),
    )
    elsewhere = make_exercise(2025, entity=a)
    data = new_exercise_data(source="copia", hearing_at="2027-11-18T09:00")
    memberships.grant(planning_user, b, Role.PLANNING)
    client = staff_client(planning_user)

    response = client.post(
        f"/e/{b.slug}/panel/rendicion/nuevo/", {**data, "copy_from": elsewhere.pk}
    )
    assert response.status_code == 200
    assert not Exercise.objects.across_entities().filter(year=2027).exists()

    response = client.post(f"/e/{b.slug}/panel/rendicion/nuevo/", {**data, "copy_from": source.pk})
    assert response.status_code == 302
    copy = Exercise.objects.across_entities().get(year=2027)
    assert copy.entity == b
    assert EvaluationForm.objects.across_entities().get(event__exercise=copy).entity == b


def test_the_copy_service_files_the_copy_under_the_source_entity(planning_user, two_entities):
    from rinde.exercises import services

    a, b = two_entities
    source = make_exercise(2026, entity=b)
    values = {
        "year": 2027,
        "slug": "",
        "title": "Copia",
        "summary": "",
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 12, 31),
        "is_published": False,
    }
    with scoping.activate(a):
        copy = services.create_exercise(
            values, actor=planning_user, source=services.Source.COPY, copy_from=source
        )
    assert copy.entity == b
