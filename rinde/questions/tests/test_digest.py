import pytest
from django.core import mail
from django.core.management import call_command

from rinde.questions import services
from rinde.questions.models import PetitionKind
from rinde.questions.tests.factories import local, make_exercise, make_question

pytestmark = pytest.mark.django_db


def test_each_department_gets_one_digest_a_day(
    entity, planning_user, officer_user, department, time_machine
):
    exercise = make_exercise()
    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    time_machine.move_to("2024-01-11 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    call_command("send_question_digest")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer_user.email]
    assert question.tracking_code in message.body
    assert "preguntas vencidas: 1;" in message.subject


def test_no_digest_when_nothing_is_due(
    entity, planning_user, officer_user, department, time_machine
):
    exercise = make_exercise()
    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    time_machine.move_to("2023-12-18 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    assert mail.outbox == []


def test_unclassified_questions_come_due_in_a_digest_for_triage(
    entity, ict_user, planning_user, time_machine
):
    # Nobody classified it: no department to remind, so ICT and planning hear of it.
    exercise = make_exercise()
    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    time_machine.move_to("2024-01-11 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    call_command("send_question_digest")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([ict_user.email, planning_user.email])
    assert message.subject.startswith("Sin clasificar — preguntas vencidas: 1;")
    assert question.tracking_code in message.body


def test_a_department_without_an_officer_account_has_its_digest_sent_to_planning(
    entity, planning_user, department, time_machine
):
    # Hacienda in the demo: nobody to remind. Planning, who assigns the work, is told, and
    # the digest says why it came to them.
    department.email = ""
    department.save()
    exercise = make_exercise()
    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Impuestos",
    )
    time_machine.move_to("2024-01-11 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [planning_user.email]
    assert question.tracking_code in message.body
    assert "no tiene ningún enlace con cuenta activa en Rinde" in message.body
    assert "no tiene ningún enlace" in message.alternatives[0].content
    assert message.subject.endswith("sin enlace en Rinde")


def test_a_department_with_an_officer_gets_no_note_about_planning(
    entity, planning_user, officer_user, department, time_machine
):
    exercise = make_exercise()
    question = make_question(exercise, received_at=local(2023, 12, 15, 10))
    services.classify_question(
        question, actor=planning_user, department=department, kind=PetitionKind.GENERAL, topic=""
    )
    time_machine.move_to("2024-01-11 07:00 -05:00")
    mail.outbox.clear()
    call_command("send_question_digest")
    assert [m.to for m in mail.outbox] == [[officer_user.email]]
    assert "enlace" not in mail.outbox[0].body
