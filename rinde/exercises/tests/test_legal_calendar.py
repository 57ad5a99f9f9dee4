"""The legal calendar of an exercise: due dates from the year and the hearing, the state of
each duty from what was published, warnings to staff, the checklist on the public page."""

from datetime import date, datetime

import pytest
import time_machine

from rinde.core.calendar import WorkCalendar
from rinde.exercises.legal_calendar import State, duties
from rinde.exercises.models import Document, DocumentKind
from rinde.exercises.tests.factories import BOGOTA, make_exercise, make_hearing

pytestmark = pytest.mark.django_db

# Thursday 18 November 2027.
HEARING = datetime(2027, 11, 18, 9, 0, tzinfo=BOGOTA)


def _document(exercise, kind, published_on: date | None):
    return Document.objects.create(
        exercise=exercise,
        kind=kind,
        title=str(kind),
        date=published_on or date(2027, 1, 1),
        file="x.pdf",
        summary="s",
        sha256="b" * 64,
        published_at=datetime.combine(published_on, datetime.min.time(), tzinfo=BOGOTA).replace(
            hour=10
        )
        if published_on
        else None,
    )


def _checklist(exercise, today, **facts):
    rows = duties(
        exercise,
        events=list(exercise.events.all()),
        documents=list(exercise.documents.all()),
        today=today,
        work_calendar=WorkCalendar(),
        **facts,
    )
    return {duty.key: duty for duty in rows}


def test_due_dates_follow_the_year_and_the_hearing(entity):
    exercise = make_exercise(2027)
    make_hearing(exercise, HEARING)
    checklist = _checklist(exercise, date(2027, 1, 10))

    assert checklist["strategy"].due_on == date(2027, 1, 31)
    assert "PTEP" in checklist["strategy"].label
    assert "Decreto 1122 de 2024" in checklist["strategy"].source
    # 30 days before the hearing.
    assert checklist["management_report"].due_on == date(2027, 10, 19)
    assert checklist["hearing"].due_on == date(2027, 11, 18)
    # Ley 1755 art. 14: 15 business days from the day after; 8 December is a holiday.
    assert checklist["answers"].due_on == date(2027, 12, 10)
    # One month after is Saturday 18 December 2027: the next business day (Ley 4 de 1913).
    assert checklist["evaluation_report"].due_on == date(2027, 12, 20)
    assert {d.state for d in checklist.values()} == {State.PENDING}


def test_a_paac_year_cites_the_paac(entity):
    checklist = _checklist(make_exercise(2024), date(2024, 1, 10))
    assert "PAAC" in checklist["strategy"].label
    assert "Ley 1474 de 2011" in checklist["strategy"].source


def test_without_a_hearing_its_dates_are_unknown(entity):
    checklist = _checklist(make_exercise(2027), date(2027, 3, 1))
    assert checklist["management_report"].state == State.UNKNOWN
    assert checklist["answers"].due_on is None
    # The hearing itself is due within the year (Ley 1757 art. 55).
    assert checklist["hearing"].due_on == date(2027, 12, 31)


def test_states_come_from_what_was_published_and_when(entity):
    exercise = make_exercise(2027)
    make_hearing(exercise, HEARING)
    _document(exercise, DocumentKind.STRATEGY, date(2027, 1, 28))
    _document(exercise, DocumentKind.MANAGEMENT_REPORT, date(2027, 10, 25))  # 24 days before
    _document(exercise, DocumentKind.EVALUATION_REPORT, None)  # a draft does not count

    with time_machine.travel(datetime(2027, 12, 15, 12, 0, tzinfo=BOGOTA)):
        checklist = _checklist(
            exercise, date(2027, 12, 15), questions_answered_on=date(2027, 12, 3)
        )
    assert checklist["strategy"].state == State.DONE
    assert checklist["strategy"].done_on == date(2027, 1, 28)
    assert checklist["management_report"].state == State.LATE
    assert checklist["hearing"].state == State.DONE
    assert checklist["answers"].state == State.DONE
    assert checklist["evaluation_report"].state == State.DUE_SOON
    assert checklist["evaluation_report"].needs_attention

    with time_machine.travel(datetime(2027, 12, 21, 12, 0, tzinfo=BOGOTA)):
        checklist = _checklist(exercise, date(2027, 12, 21))
    assert checklist["evaluation_report"].state == State.OVERDUE
    # The questions are still open: not done, and past their term.
    assert checklist["answers"].state == State.OVERDUE


def test_staff_are_warned_before_a_due_date(staff_client, planning_user, entity):
    exercise = make_exercise(2027, is_published=False)
    make_hearing(exercise, HEARING)
    with time_machine.travel(datetime(2027, 1, 25, 9, 0, tzinfo=BOGOTA)):
        client = staff_client(planning_user)
        page = client.get("/panel/rendicion/2027/").text
        listing = client.get("/panel/rendicion/").text
    assert "vence el 31 de enero de 2027: publicar la estrategia" in page.lower()
    assert "Vence pronto" in listing
    with time_machine.travel(datetime(2027, 1, 5, 9, 0, tzinfo=BOGOTA)):
        client = staff_client(planning_user)
        page = client.get("/panel/rendicion/2027/").text
    assert "vence el 31 de enero de 2027" not in page.lower()
    assert "Calendario legal" in page


def test_the_public_page_shows_the_checklist_state(client, entity):
    exercise = make_exercise(2027)
    make_hearing(exercise, HEARING)
    _document(exercise, DocumentKind.STRATEGY, date(2027, 1, 20))
    with time_machine.travel(datetime(2027, 3, 1, 9, 0, tzinfo=BOGOTA)):
        text = client.get("/rendicion/2027/").text
    section = text[text.index('id="calendario-legal"') :]
    assert "Publicar la estrategia de rendición de cuentas en el PTEP" in section
    assert "Cumplido" in section
    assert "20 de enero de 2027" in section.lower()
    assert "19 de octubre de 2027" in section.lower()  # the management report's due date


def test_planning_is_e_mailed_once_before_a_due_date_and_once_when_it_passes(
    planning_user, entity, mailoutbox
):
    from django.core.management import call_command

    from rinde.exercises.mailings import send_duty_warnings

    assert planning_user.email
    exercise = make_exercise(2027)
    make_hearing(exercise, HEARING)
    assert send_duty_warnings(date(2027, 1, 10)) == 0  # 21 days ahead: no warning yet
    with time_machine.travel(datetime(2027, 1, 25, 7, 0, tzinfo=BOGOTA)):
        call_command("send_duty_warnings")  # the daily run; tests run tasks at once
        assert send_duty_warnings(date(2027, 1, 25)) == 0  # already warned
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [planning_user.email]
    assert "Publicar la estrategia de rendición de cuentas en el PTEP" in message.body
    assert "31/01/2027" in message.body
    assert "/panel/rendicion/2027/" in message.body

    _document(exercise, DocumentKind.STRATEGY, None)  # a draft: still not published
    assert send_duty_warnings(date(2027, 2, 1)) == 1
    assert "vencido" in mailoutbox[1].body
