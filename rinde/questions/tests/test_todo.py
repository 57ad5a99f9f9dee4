"""Questions in the staff to-do list: who sees which, and in a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import todo
from rinde.questions.models import Question, Status
from rinde.questions.tests.factories import make_question

pytestmark = pytest.mark.django_db
TODAY = date(2024, 1, 10)


def _question(exercise, status, department=None, due=TODAY + timedelta(days=20), **fields):
    question = make_question(exercise)
    Question.objects.filter(pk=question.pk).update(
        status=status, department=department, current_due_on=due, **fields
    )
    return question


def _whats(items):
    return [item.what for item in items]


def test_an_officer_sees_only_their_departments_questions_to_answer(
    entity, officer_user, department, other_department
):
    exercise = make_exercise()
    _question(exercise, Status.ASSIGNED, department, due=date(2024, 1, 30))
    _question(exercise, Status.ASSIGNED, department, due=date(2024, 1, 25))
    _question(exercise, Status.ASSIGNED, other_department)
    _question(exercise, Status.RECEIVED)  # triage is not the officer's
    _question(exercise, Status.IN_REVIEW, department)  # approval is planning's
    items = todo.pending_for(officer_user, TODAY)
    assert _whats(items) == [f"Responder 2 preguntas de {department.name}"]
    assert items[0].due_on == date(2024, 1, 25)
    assert items[0].count == 2


def test_triage_and_approval_go_to_planning(entity, planning_user, ict_user, department):
    exercise = make_exercise()
    _question(exercise, Status.RECEIVED, due=date(2024, 1, 20))
    _question(exercise, Status.RECEIVED, due=date(2024, 1, 18))
    _question(exercise, Status.IN_REVIEW, department, due=date(2024, 1, 22))
    _question(exercise, Status.ANSWERED, department)  # closed: nothing to do
    planning = {item.what: item for item in todo.pending_for(planning_user, TODAY)}
    assert set(planning) == {
        "Clasificar 2 preguntas ciudadanas",
        f"Aprobar 1 respuesta de {department.name}",
    }
    assert planning["Clasificar 2 preguntas ciudadanas"].due_on == date(2024, 1, 18)
    assert _whats(todo.pending_for(ict_user, TODAY)) == ["Clasificar 2 preguntas ciudadanas"]


def test_questions_due_soon_without_extension_ask_the_officer_to_decide(
    entity, officer_user, department
):
    exercise = make_exercise()
    # Wednesday 10 January: due Friday, within the three business days of warning.
    _question(exercise, Status.ASSIGNED, department, due=date(2024, 1, 12))
    _question(
        exercise,
        Status.ASSIGNED,
        department,
        due=date(2024, 1, 11),
        extended_at="2024-01-02T10:00:00-05:00",
    )
    items = todo.pending_for(officer_user, TODAY)
    extend = [i for i in items if i.what.startswith("Decidir si prorrogar")]
    assert [(i.what, i.due_on, i.count) for i in extend] == [
        (f"Decidir si prorrogar 1 pregunta de {department.name}", date(2024, 1, 12), 0)
    ]


def test_other_roles_have_no_question_work(entity, communications_user, oversight_user):
    _question(make_exercise(), Status.RECEIVED)
    assert todo.pending_for(communications_user, TODAY) == []
    assert todo.pending_for(oversight_user, TODAY) == []


def test_the_query_count_does_not_grow_with_the_questions(entity, department, other_department):
    exercise = make_exercise()
    admin = make_user(Role.ADMIN, username="jefa")
    _question(exercise, Status.ASSIGNED, department)
    todo.pending_for(admin, TODAY)  # warms the business-day calendar cache
    with CaptureQueriesContext(connection) as few:
        assert len(todo.pending_for(admin, TODAY)) == 1
    for status in (Status.RECEIVED, Status.IN_REVIEW, Status.ASSIGNED):
        for dep in (department, other_department):
            _question(exercise, status, dep)
    with CaptureQueriesContext(connection) as many:
        assert len(todo.pending_for(admin, TODAY)) == 5
    assert len(many) == len(few)


def test_planning_answers_for_a_department_without_an_officer_account(
    entity, planning_user, officer_user, department, other_department
):
    exercise = make_exercise()
    _question(exercise, Status.ASSIGNED, department)  # has its officer: not planning's
    _question(exercise, Status.ASSIGNED, other_department, due=date(2024, 1, 19))
    items = todo.pending_for(planning_user, TODAY)
    assert [(i.what, i.due_on) for i in items] == [
        (f"Responder o asignar 1 pregunta de {other_department.name}", date(2024, 1, 19))
    ]
    assert "ningún enlace con cuenta activa" in items[0].why
