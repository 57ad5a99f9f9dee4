"""The to-do list across apps: ordering, counts, the panel page, the menu badges, the digest."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rinde.accounts import todo
from rinde.accounts.models import Role, TodoDigest
from rinde.accounts.tests.factories import make_user
from rinde.accounts.todo import Pending
from rinde.questions.models import Question, Status
from rinde.questions.tests.factories import make_exercise, make_question

pytestmark = pytest.mark.django_db


def _item(what, due_on=None, menu="questions:staff_board", count=1):
    return Pending(what=what, why="porque", url="/panel/", menu=menu, due_on=due_on, count=count)


@pytest.fixture
def only(monkeypatch):
    """Replace the registered apps with the given providers for one test."""

    def install(**providers):
        monkeypatch.setattr(todo, "_providers", dict(providers))

    return install


def test_overdue_first_then_soonest_then_without_date(only, planning_user):
    today = date(2024, 3, 10)
    only(
        a=lambda user, day: [_item("sin fecha"), _item("pronto", date(2024, 3, 12))],
        b=lambda user, day: [_item("vencido hace poco", date(2024, 3, 9))],
        c=lambda user, day: [
            _item("vencido hace mucho", date(2024, 1, 2)),
            _item("luego", date(2024, 5, 1)),
        ],
    )
    items = todo.collect(planning_user, today)
    assert [i.what for i in items] == [
        "vencido hace mucho",
        "vencido hace poco",
        "pronto",
        "luego",
        "sin fecha",
    ]
    assert [i.overdue for i in items] == [True, True, False, False, False]


def test_counts_per_menu_entry_and_in_total(only, planning_user):
    only(
        a=lambda user, day: [
            _item("a", count=3),
            _item("b", menu="plan:staff_reports"),
            _item("extension of a", count=0),
        ]
    )
    items = todo.collect(planning_user, date(2024, 3, 10))
    assert todo.counts(items) == {
        "questions:staff_board": 3,
        "plan:staff_reports": 1,
        "accounts:panel": 4,
    }
    assert todo.remembered_counts(planning_user) == todo.counts(items)


def test_every_app_registers_itself():
    assert {"plan", "questions", "consultations", "exercises", "holders"} <= set(todo.providers())


def _assigned(exercise, department, due_on):
    question = make_question(exercise)
    Question.objects.filter(pk=question.pk).update(
        status=Status.ASSIGNED, department=department, current_due_on=due_on
    )
    return question


def test_the_panel_lists_the_officers_work_with_due_dates_and_menu_badges(
    staff_client, entity, officer_user, department, other_department, time_machine
):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    exercise = make_exercise()
    _assigned(exercise, department, date(2024, 1, 8))
    _assigned(exercise, department, date(2024, 1, 30))
    _assigned(exercise, department, date(2024, 1, 31))
    _assigned(exercise, other_department, date(2024, 1, 2))
    response = staff_client(officer_user).get("/panel/")
    html = response.content.decode()
    assert f"Responder 3 preguntas de {department.name}" in html
    assert other_department.name not in html
    assert "Vencido: debía estar el 8 de enero de 2024" in html  # es-CO date, month in lower case
    assert 'href="/panel/preguntas/"' in html
    # The badge says it in words, beside the menu entry.
    assert 'Preguntas ciudadanas <span class="badge todo-badge">3 pendientes</span>' in html
    # …and stays on the other staff pages, without asking the database again.
    page = staff_client(officer_user).get("/panel/preguntas/").content.decode()
    assert "3 pendientes" in page


def test_nothing_pending_says_so_and_shows_no_badge(staff_client, entity, oversight_user):
    html = staff_client(oversight_user).get("/panel/").content.decode()
    assert "No tiene nada pendiente por ahora." in html
    assert "todo-badge" not in html


def test_the_panel_page_query_count_does_not_grow_with_the_work(
    staff_client, entity, department, other_department, django_assert_num_queries, time_machine
):
    time_machine.move_to("2024-01-10 09:00 -05:00")
    admin = make_user(Role.ADMIN, username="jefa")
    client = staff_client(admin)
    exercise = make_exercise()
    _assigned(exercise, department, date(2024, 1, 30))
    client.get("/panel/")
    with CaptureQueriesContext(connection) as few:
        client.get("/panel/")
    for day in range(11, 31):
        _assigned(exercise, department, date(2024, 1, day))
    _assigned(exercise, other_department, date(2024, 1, 12))
    with django_assert_num_queries(len(few)):
        html = client.get("/panel/").content.decode()
    assert 'Preguntas ciudadanas <span class="badge todo-badge">22 pendientes</span>' in html


def test_the_daily_digest_sends_each_person_their_list_once(
    entity, officer_user, planning_user, communications_user, department, time_machine
):
    time_machine.move_to("2024-01-10 07:00 -05:00")
    exercise = make_exercise()
    _assigned(exercise, department, date(2024, 1, 8))
    Question.objects.filter(pk=make_question(exercise).pk).update(current_due_on=date(2024, 1, 20))
    mail.outbox.clear()
    call_command("send_todo_digest")
    call_command("send_todo_digest")
    by_person = {tuple(m.to): m for m in mail.outbox}
    # Communications has nothing pending: nothing is sent to them.
    assert set(by_person) == {(officer_user.email,), (planning_user.email,)}
    officer = by_person[(officer_user.email,)]
    assert f"Responder 1 pregunta de {department.name}" in officer.body
    assert "Vencido: debía estar el 8 de enero de 2024" in officer.body
    assert "Clasificar" not in officer.body
    assert officer.subject == "1 pendiente en Rinde · 1 vencido"
    assert "Clasificar 1 pregunta ciudadana" in by_person[(planning_user.email,)].body
    assert "/panel/preguntas/" in officer.alternatives[0].content
    assert TodoDigest.objects.filter(day=date(2024, 1, 10)).count() == 2
