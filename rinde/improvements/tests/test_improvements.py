from datetime import date

import pytest

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.core.models import AuditEntry
from rinde.exercises.tests.factories import make_exercise
from rinde.improvements.models import ImprovementAction, Origin, Status
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db


def post_new(client, department, query="", **data):
    payload = {
        "description": "Responder a tiempo",
        "origin": Origin.OTHER,
        "origin_detail": "Mesa de trabajo",
        "department": department.pk,
        "due_on": "2024-03-31",
        "status": Status.PLANNED,
        **data,
    }
    return client.post(f"/panel/mejoramiento/nueva/{query}", payload)


def test_planning_creates_an_action_traced_to_an_unanswered_question(
    staff_client, planning_user, entity, department, client
):
    exercise = make_exercise()
    question = make_question(exercise)
    staff = staff_client(planning_user)
    page = staff.get(f"/panel/mejoramiento/nueva/?pregunta={question.pk}")
    assert question.tracking_code in page.text
    response = post_new(
        staff,
        department,
        f"?pregunta={question.pk}",
        origin=Origin.QUESTION,
        origin_detail=f"Pregunta {question.tracking_code}",
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert action.question == question
    assert AuditEntry.objects.filter(action="improvements.create").count() == 1
    public = client.get("/rendicion/2023/mejoramiento/").text
    assert "Responder a tiempo" in public
    assert f"/preguntas/{question.tracking_code}/" in public


def test_overdue_actions_are_flagged_in_public(
    client, planning_user, entity, department, time_machine
):
    exercise = make_exercise()
    ImprovementAction.objects.create(
        exercise=exercise,
        description="Acción atrasada",
        origin=Origin.OTHER,
        origin_detail="x",
        department=department,
        due_on=date(2024, 1, 31),
        created_by=planning_user,
    )
    time_machine.move_to("2024-02-15 10:00 -05:00")
    html = client.get("/rendicion/2023/mejoramiento/").text
    assert "1 acción vencida" in html
    assert "vencida" in html


def test_an_officer_updates_only_the_progress_of_their_departments_actions(
    staff_client, planning_user, officer_user, entity, department, other_department
):
    exercise = make_exercise()
    mine = ImprovementAction.objects.create(
        exercise=exercise,
        description="De mi dependencia",
        origin=Origin.OTHER,
        origin_detail="x",
        department=department,
        due_on=date(2024, 1, 31),
        created_by=planning_user,
    )
    theirs = ImprovementAction.objects.create(
        exercise=exercise,
        description="De otra",
        origin=Origin.OTHER,
        origin_detail="x",
        department=other_department,
        due_on=date(2024, 1, 31),
        created_by=planning_user,
    )
    client = staff_client(officer_user)
    assert client.get(f"/panel/mejoramiento/{theirs.pk}/").status_code == 403
    assert post_new(client, department).status_code == 403
    response = client.post(
        f"/panel/mejoramiento/{mine.pk}/",
        {"status": Status.DONE, "evidence_url": "https://itagui.gov.co/evidencia"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.DONE
    assert mine.description == "De mi dependencia"  # the agreed action cannot be rewritten


def test_a_missing_department_is_explained(staff_client, planning_user, entity, department):
    make_exercise()
    response = staff_client(planning_user).post(
        "/panel/mejoramiento/nueva/",
        {
            "description": "Sin dependencia",
            "origin": Origin.OTHER,
            "origin_detail": "x",
            "department": "",
            "due_on": "2024-03-31",
            "status": Status.PLANNED,
        },
    )
    assert response.status_code == 400
    assert ImprovementAction.objects.count() == 0


def test_only_staff_with_the_role_see_the_panel(client, staff_client, communications_user, entity):
    assert client.get("/panel/mejoramiento/").status_code == 302
    assert staff_client(communications_user).get("/panel/mejoramiento/").status_code == 403
    citizen = make_user(Role.CITIZEN)
    client.force_login(citizen)
    assert client.get("/panel/mejoramiento/").status_code == 403
