"""The department mailbox's daily list of overdue and due-soon questions. People (officers,
triage, planning) get the same work in the staff to-do list's daily e-mail instead
(accounts/tests/test_todo.py): one e-mail a day each, not two."""

import pytest
from django.core import mail
from django.core.management import call_command

from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import PetitionKind
from rinde.questions.tests.factories import local, make_question

pytestmark = pytest.mark.django_db


def classified(planning_user, department, **kwargs):
    question = make_question(make_exercise(), received_at=local(2023, 12, 15, 10))
    services.classify_question(
        question, actor=planning_user, department=department, kind=PetitionKind.GENERAL, topic=""
    )
    return question


def test_each_department_mailbox_gets_one_digest_a_day_and_no_person_a_second_one(
    entity, planning_user, officer_user, ict_user, department, time_machine
):
    department.email = "obras@itagui.example"
    department.save()
    question = classified(planning_user, department)
    make_question(make_exercise(year=2024), received_at=local(2023, 12, 15, 10))  # unclassified
    time_machine.move_to("2024-01-11 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    call_command("send_question_digest")
    assert [m.to for m in mail.outbox] == [["obras@itagui.example"]]
    message = mail.outbox[0]
    assert question.tracking_code in message.body
    assert "preguntas vencidas: 1;" in message.subject


def test_no_digest_when_nothing_is_due(entity, planning_user, department, time_machine):
    department.email = "obras@itagui.example"
    department.save()
    classified(planning_user, department)
    time_machine.move_to("2023-12-18 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    assert mail.outbox == []


def test_a_department_without_a_mailbox_gets_none(
    entity, planning_user, officer_user, department, time_machine
):
    department.email = ""
    department.save()
    classified(planning_user, department)
    time_machine.move_to("2024-01-11 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    assert mail.outbox == []
