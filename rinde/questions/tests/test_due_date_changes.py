"""A due date already told to the asker moves (reclassification, a calendar change): the
asker is told with the legal ground, the move is audited, and open questions follow the
entity's calendar so two questions received the same day are due the same day."""

from datetime import timedelta

import pytest
from django.core import mail

from rinde.core.models import AuditEntry
from rinde.entity.calendar import work_calendar
from rinde.entity.models import NonWorkingDay
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import PetitionKind, Question
from rinde.questions.tests.factories import local, make_question

pytestmark = pytest.mark.django_db
DAYS = "/panel/entidad/dias-no-habiles/"


@pytest.fixture
def exercise(entity):
    return make_exercise()


def asked(exercise, **fields):
    return make_question(
        exercise,
        asker_email="ana@example.org",
        data_authorized=True,
        received_at=local(2023, 12, 15, 10),
        **fields,
    )


def a_day_inside(question):
    """A business day strictly inside the question's running term."""
    calendar = work_calendar()
    return calendar.add_business_days(question.term_starts_after, 3)


def test_reclassifying_as_a_consultation_tells_the_asker_the_new_date_and_its_ground(
    exercise, planning_user, department, django_capture_on_commit_callbacks
):
    question = asked(exercise)
    first_due = question.current_due_on
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.classify_question(
            question,
            actor=planning_user,
            department=department,
            kind=PetitionKind.CONSULTATION,
            topic="Vías",
        )
    question.refresh_from_db()
    expected = work_calendar().add_business_days(question.term_starts_after, 30)
    assert question.current_due_on == expected != first_due
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert question.tracking_code in message.subject
    assert f"{expected.day} de" in message.body and f"{first_due.day} de" in message.body
    assert "Ley 1755 de 2015, art. 14" in message.body and "30 días hábiles" in message.body


def test_classifying_without_a_new_term_sends_nothing(
    exercise, planning_user, department, django_capture_on_commit_callbacks
):
    question = asked(exercise)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.classify_question(
            question,
            actor=planning_user,
            department=department,
            kind=question.kind,
            topic="Vías",
        )
    assert mail.outbox == []


def test_a_day_declared_non_working_moves_open_terms_after_a_confirmation(
    exercise, staff_client, planning_user, django_capture_on_commit_callbacks
):
    question = asked(exercise)
    closed = asked(exercise, text="¿Otra pregunta ya respondida?")
    Question.objects.filter(pk=closed.pk).update(status="answered")
    before = question.current_due_on
    day = a_day_inside(question)
    client = staff_client(planning_user)
    data = {"date": day.isoformat(), "reason": "Día cívico", "act": "Decreto 9"}
    page = client.post(DAYS, data)
    # First the confirmation page lists the due date that would move; nothing changed yet.
    assert page.status_code == 200
    assert question.tracking_code in page.text and closed.tracking_code not in page.text
    assert not NonWorkingDay.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DAYS, {**data, "confirmed": "1"}, follow=True)
    question.refresh_from_db()
    closed.refresh_from_db()
    after = work_calendar().add_business_days(question.term_starts_after, question.term_days)
    assert question.current_due_on == after == question.due_on and after > before
    assert closed.current_due_on == before  # answered: its term is over
    # A question received the same day after the change is due the same day.
    twin = asked(exercise, text="¿Y la otra vía del barrio?")
    assert twin.current_due_on == question.current_due_on
    # Staff see which dates moved; the asker is told; the trail keeps it.
    assert question.tracking_code in response.text and f"{after:%d/%m/%Y}" in response.text
    [message] = [m for m in mail.outbox if question.tracking_code in m.subject]
    assert "días hábiles de la entidad" in message.body and "Día cívico" in message.body
    entry = AuditEntry.objects.get(action="questions.due_date_moved")
    assert entry.target_id == str(question.pk)
    assert entry.changes["current_due_on"] == [str(before), str(after)]
    assert (
        AuditEntry.objects.get(action="entity.non_working_day_added").changes["moved_due_dates"]
        == 1
    )


def test_a_day_given_back_counts_again_and_an_extension_keeps_its_length(
    exercise, staff_client, planning_user, officer_user, department
):
    question = asked(exercise)
    services.classify_question(
        question, actor=planning_user, department=department, kind=question.kind, topic="Vías"
    )
    calendar = work_calendar()
    extended_to = calendar.add_business_days(question.term_starts_after, question.term_days + 5)
    services.extend_deadline(
        question,
        actor=planning_user,
        new_due_on=extended_to,
        reason="Requiere información de otra dependencia",
        today=question.received_on,
    )
    day = a_day_inside(question)
    client = staff_client(planning_user)
    client.post(DAYS, {"date": day.isoformat(), "reason": "Día cívico", "confirmed": "1"})
    question.refresh_from_db()
    assert question.current_due_on == work_calendar().add_business_days(
        question.term_starts_after, question.term_days + 5
    )
    assert question.current_due_on > extended_to
    nwd = NonWorkingDay.objects.get()
    page = client.post(f"{DAYS}{nwd.pk}/quitar/")
    assert page.status_code == 200 and question.tracking_code in page.text
    client.post(f"{DAYS}{nwd.pk}/quitar/", {"confirmed": "1"})
    question.refresh_from_db()
    assert question.current_due_on == extended_to
    assert AuditEntry.objects.filter(action="questions.due_date_moved").count() == 2


def test_a_day_outside_every_running_term_changes_nothing_and_asks_nothing(
    exercise, staff_client, planning_user
):
    question = asked(exercise)
    later = question.current_due_on + timedelta(days=7)
    response = staff_client(planning_user).post(DAYS, {"date": later.isoformat(), "reason": "X"})
    assert response.status_code == 302 and NonWorkingDay.objects.exists()
    question.refresh_from_db()
    assert not AuditEntry.objects.filter(action="questions.due_date_moved").exists()
