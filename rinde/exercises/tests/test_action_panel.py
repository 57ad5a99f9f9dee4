"""Actions are written, edited and removed in the panel by their roles, not in Django admin."""

import pytest

from rinde.core.models import AuditEntry
from rinde.exercises import services
from rinde.exercises.models import Action, StageKind
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


def _stage(exercise, kind):
    return next(s for s in services.ensure_stages(exercise) if s.kind == kind)


def test_planning_adds_an_action_to_a_stage(staff_client, planning_user, department, entity):
    exercise = make_exercise(2027)
    stage = _stage(exercise, StageKind.PREPARATION)
    Action.objects.create(stage=stage, position=4, description="Antes", element="information")
    client = staff_client(planning_user)
    assert client.get("/panel/rendicion/2027/acciones/nueva/").status_code == 200
    response = client.post(
        "/panel/rendicion/2027/acciones/nueva/",
        {
            "stage": stage.pk,
            "description": "Feria de servicios en la plaza principal",
            "element": "dialogue",
            "department": department.pk,
            "due_on": "2027-10-01",
            "status": "pending",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(description__startswith="Feria")
    assert action.stage == stage and action.department == department
    assert action.position == 5  # last in its stage
    assert AuditEntry.objects.filter(action="exercises.action_create").count() == 1
    assert "Feria de servicios" in client.get("/panel/rendicion/2027/").text


def test_an_action_goes_only_to_a_stage_of_its_exercise(staff_client, planning_user, entity):
    exercise = make_exercise(2027)
    services.ensure_stages(exercise)
    other_stage = _stage(make_exercise(2026), StageKind.DESIGN)
    response = staff_client(planning_user).post(
        "/panel/rendicion/2027/acciones/nueva/",
        {
            "stage": other_stage.pk,
            "description": "Fuera de lugar",
            "element": "dialogue",
            "status": "pending",
        },
    )
    assert response.status_code == 200
    assert not Action.objects.exists()


def test_communications_rewrites_an_action_and_planning_removes_it(
    staff_client, communications_user, planning_user, entity
):
    exercise = make_exercise(2027)
    stage = _stage(exercise, StageKind.DESIGN)
    action = Action.objects.create(stage=stage, description="Texto viejo", element="information")
    response = staff_client(communications_user).post(
        f"/panel/rendicion/acciones/{action.pk}/",
        {
            "stage": _stage(exercise, StageKind.EXECUTION).pk,
            "description": "Texto nuevo",
            "element": "dialogue",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.element, action.stage.kind) == (
        "Texto nuevo",
        "dialogue",
        StageKind.EXECUTION,
    )
    entry = AuditEntry.objects.get(action="exercises.action_update")
    assert entry.changes["description"] == ["Texto viejo", "Texto nuevo"]

    response = staff_client(planning_user).post(f"/panel/rendicion/acciones/{action.pk}/eliminar/")
    assert response.status_code == 302
    assert not Action.objects.exists()
    entry = AuditEntry.objects.get(action="exercises.action_delete")
    assert entry.changes["description"] == "Texto nuevo"


def test_an_officer_updates_the_status_but_not_the_text_nor_removes_it(
    staff_client, officer_user, department, entity
):
    exercise = make_exercise(2027)
    action = Action.objects.create(
        stage=_stage(exercise, StageKind.DESIGN),
        description="Texto de planeación",
        element="information",
        department=department,
    )
    client = staff_client(officer_user)
    response = client.post(
        f"/panel/rendicion/acciones/{action.pk}/",
        {"description": "Cambiado", "status": "done", "department": department.pk},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description == "Texto de planeación"
    assert action.status == "done"
    assert client.post(f"/panel/rendicion/acciones/{action.pk}/eliminar/").status_code == 403
    assert client.get("/panel/rendicion/2027/acciones/nueva/").status_code == 403
    assert Action.objects.exists()


def test_markup_in_an_action_is_refused(staff_client, planning_user, entity):
    exercise = make_exercise(2027)
    stage = _stage(exercise, StageKind.DESIGN)
    response = staff_client(planning_user).post(
        "/panel/rendicion/2027/acciones/nueva/",
        {"stage": stage.pk, "description": "<b>x</b>", "element": "dialogue", "status": "pending"},
    )
    assert response.status_code == 200
    assert not Action.objects.exists()
