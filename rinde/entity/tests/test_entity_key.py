"""The entity key on departments and non-working days (docs/tenancy.md, steps 2 and 3):
names, codes and dates are unique within an entity, not across the installation, and a
duplicate within one is refused in Spanish, never a 500."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from rinde.entity import scoping
from rinde.entity.models import Department, Entity, NonWorkingDay
from rinde.entity.tests.factories import make_department, make_entity

pytestmark = pytest.mark.django_db

DEPARTMENTS = "/panel/entidad/dependencias/"
DEPARTMENT_LIST = "/panel/entidad/dependencias/lista/"
NON_WORKING_DAYS = "/panel/entidad/dias-no-habiles/"


@pytest.fixture
def other_entity(entity):
    """A second entity, after the installation's own (`entity`, the one requests see)."""
    return make_entity(name="Alcaldía de Envigado")


def test_two_entities_each_hold_the_same_department_and_day(entity, other_entity):
    for owner in (entity, other_entity):
        Department.objects.create(entity=owner, name="Secretaría de Gobierno", code="gobierno")
        NonWorkingDay.objects.create(entity=owner, date=date(2026, 12, 24), reason="Víspera")
    assert Department.objects.across_entities().filter(name="Secretaría de Gobierno").count() == 2
    assert NonWorkingDay.objects.across_entities().filter(date=date(2026, 12, 24)).count() == 2
    # Within one entity they stay unique.
    for values in (
        {"name": "Secretaría de Gobierno", "code": "otra"},
        {"name": "Otra", "code": "gobierno"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Department.objects.create(entity=entity, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        NonWorkingDay.objects.create(entity=entity, date=date(2026, 12, 24), reason="Otra vez")


def test_a_row_made_while_an_entity_is_active_belongs_to_it(entity, other_entity):
    with scoping.activate(other_entity):
        department = Department.objects.create(name="Secretaría de Gobierno", code="gobierno")
        day = NonWorkingDay.objects.create(date=date(2026, 12, 24), reason="Víspera")
    assert department.entity == other_entity and day.entity == other_entity
    # With none active, the installation's entity: the first one.
    assert Department.objects.create(name="Secretaría de Salud", code="salud").entity == entity


def test_make_department_files_under_the_first_entity_making_one_if_needed(db):
    department = make_department()
    assert department.entity == Entity.objects.get()
    make_entity(name="Alcaldía de Envigado")
    assert make_department().entity == department.entity


def test_the_department_form_refuses_a_name_or_code_the_entity_has_in_spanish(
    staff_client, planning_user, entity, other_entity
):
    make_department("Secretaría de Hacienda", code="hacienda", entity=entity)
    client = staff_client(planning_user)
    response = client.post(
        DEPARTMENTS, {"name": "Secretaría de Hacienda", "code": "otra", "kind": "secretaria"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Ya existe una dependencia con este nombre."]
    }
    assert "Ya existe una dependencia con este nombre." in response.text
    response = client.post(DEPARTMENTS, {"name": "Otra", "code": "hacienda", "kind": "secretaria"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "code": ["Ya existe una dependencia con este código."]
    }
    assert Department.objects.across_entities().count() == 1


def test_the_department_form_ignores_another_entitys_departments(
    staff_client, planning_user, entity, other_entity
):
    make_department("Secretaría de Hacienda", code="hacienda", entity=other_entity)
    response = staff_client(planning_user).post(
        DEPARTMENTS, {"name": "Secretaría de Hacienda", "code": "hacienda", "kind": "secretaria"}
    )
    assert response.status_code == 302
    assert Department.objects.across_entities().filter(entity=entity, code="hacienda").exists()
    assert Department.objects.across_entities().filter(code="hacienda").count() == 2


def test_renaming_a_department_to_a_taken_name_is_refused_in_spanish(
    staff_client, planning_user, entity
):
    make_department("Secretaría de Hacienda", code="hacienda", entity=entity)
    salud = make_department("Secretaría de Salud", code="salud", entity=entity)
    response = staff_client(planning_user).post(
        f"{DEPARTMENTS}{salud.pk}/",
        {
            "name": "Secretaría de Hacienda",
            "code": "salud",
            "kind": "secretaria",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Ya existe una dependencia con este nombre."]
    }
    salud.refresh_from_db()
    assert salud.name == "Secretaría de Salud"
    # Saving it under its own name and code is no duplicate.
    response = staff_client(planning_user).post(
        f"{DEPARTMENTS}{salud.pk}/",
        {"name": "Secretaría de Salud", "code": "salud", "kind": "secretaria", "head_name": "Ana"},
    )
    assert response.status_code == 302


def test_django_admin_refuses_a_duplicate_department_in_spanish(staff_client, admin_user, entity):
    make_department("Secretaría de Hacienda", code="hacienda", entity=entity)
    response = staff_client(admin_user).post(
        "/panel/admin/entity/department/add/",
        {"name": "Secretaría de Hacienda", "code": "hacienda", "kind": "secretaria"},
    )
    assert response.status_code == 200
    assert "Ya existe una dependencia con este nombre." in response.text
    assert "Ya existe una dependencia con este código." in response.text
    assert Department.objects.across_entities().count() == 1


def test_a_department_list_updates_the_entitys_own_and_leaves_another_entitys(
    staff_client, admin_user, entity, other_entity
):
    theirs = make_department("Secretaría de Salud", code="secretaria-de-salud", entity=other_entity)
    client = staff_client(admin_user)
    for head in ("Luis Pérez", "Marta Ruiz"):
        preview = client.post(DEPARTMENT_LIST, {"text": f"Secretaría de Salud; {head}\n"})
        saved = client.post(
            DEPARTMENT_LIST, {"preview": preview.context["preview_key"], "confirm": "1"}
        )
        assert saved.status_code == 302
    ours = Department.objects.across_entities().get(entity=entity)
    # Created once, then updated by name; its code is free within the entity.
    assert (ours.name, ours.code, ours.head_name) == (
        "Secretaría de Salud",
        "secretaria-de-salud",
        "Marta Ruiz",
    )
    theirs.refresh_from_db()
    assert theirs.head_name == ""


def test_a_department_list_shows_as_existing_only_the_entitys_own(
    staff_client, admin_user, entity, other_entity
):
    make_department("Secretaría de Salud", entity=other_entity)
    preview = staff_client(admin_user).post(DEPARTMENT_LIST, {"text": "Secretaría de Salud\n"})
    assert preview.context["existing"] == set()


def test_a_non_working_day_already_declared_is_refused_in_spanish(
    staff_client, planning_user, entity, other_entity
):
    NonWorkingDay.objects.create(entity=other_entity, date=date(2026, 12, 24), reason="Víspera")
    client = staff_client(planning_user)
    data = {"date": "2026-12-24", "reason": "Vísperas de Navidad", "act": "Decreto 100"}
    assert client.post(NON_WORKING_DAYS, data).status_code == 302  # the other's is no bar
    response = client.post(NON_WORKING_DAYS, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "date": ["Ese día ya está registrado como no hábil."]
    }
    assert NonWorkingDay.objects.across_entities().filter(entity=entity).count() == 1


def test_before_the_entity_exists_departments_are_refused_not_a_500(staff_client, planning_user):
    client = staff_client(planning_user)
    response = client.post(
        DEPARTMENTS, {"name": "Secretaría de Hacienda", "code": "hacienda", "kind": "secretaria"}
    )
    assert response.status_code == 200
    assert "Registre primero los datos de la entidad." in response.text
    response = client.post(DEPARTMENT_LIST, {"text": "Secretaría de Salud\n"})
    assert response.status_code == 200
    assert "Registre primero los datos de la entidad." in response.text
    assert not Department.objects.across_entities().exists()
