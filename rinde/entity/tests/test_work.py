"""Tasks, commands, e-mails, /metrics and cached values on an installation with two
entities (docs/tenancy.md, steps 6 and 8): each runs with no entity active, as the worker
and the scheduler run them, and does the work of the right entity."""

import importlib
import inspect
import logging
from datetime import date

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.tasks import Task, TaskResultStatus
from django.test import Client
from django.utils import timezone

from rinde.accounts import tasks as account_tasks
from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.entity import scoping, work
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Domain, NonWorkingDay
from rinde.entity.tests.factories import make_department, make_entity
from rinde.exercises import services as exercise_services
from rinde.exercises import tasks as exercise_tasks
from rinde.exercises.tests.factories import make_exercise
from rinde.operations.tests.test_metrics import samples
from rinde.outreach.models import Bulletin
from rinde.questions import intake
from rinde.questions import tasks as question_tasks
from rinde.questions.models import Question
from rinde.questions.tests.factories import local, make_hearing, make_question
from rinde.subscriptions import tasks as subscription_tasks
from rinde.subscriptions.tests.test_entity_key import follow

pytestmark = pytest.mark.django_db


def _entity_with_a_question(name: str, slug: str, mailbox: str):
    """An entity with a department (its mailbox `mailbox`) answering one question asked on
    2026-01-15 at the entity's /rendicion/2026/, both named after the entity."""
    entity = make_entity(name=name, municipality=name.split(" de ")[-1], slug=slug)
    with scoping.activate(entity):
        department = make_department(f"Secretaría de Obras de {name}", entity=entity)
        department.email = mailbox
        department.save()
        exercise = make_exercise(2026, entity=entity, slug="2026", title=f"Rendición de {name}")
        question = make_question(
            exercise,
            text=f"¿Cuándo arreglan la vía de {name}?",
            received_at=local(2026, 1, 15, 10),
            asker_email=f"vecina@{slug}.example",
        )
        Question.objects.filter(pk=question.pk).update(department=department)
    return entity, question


@pytest.fixture
def two_entities():
    tenjo = _entity_with_a_question("Alcaldía de Tenjo", "tenjo", "obras@tenjo.example")
    san_jeronimo = _entity_with_a_question(
        "Alcaldía de San Jerónimo", "san-jeronimo", "obras@sanjeronimo.example"
    )
    mail.outbox.clear()
    return tenjo, san_jeronimo


def test_a_task_about_one_row_runs_in_its_entity_and_says_so(two_entities):
    (tenjo, tenjo_question), (san_jeronimo, question) = two_entities
    Domain.objects.create(entity=tenjo, host="rinde.tenjo.example", is_primary=True)
    assert scoping.active() is None
    for asked in (question, tenjo_question):
        result = question_tasks.send_question_received.enqueue(asked.pk)
        assert result.status == TaskResultStatus.SUCCESSFUL
    theirs, ours = mail.outbox
    assert theirs.to == ["vecina@san-jeronimo.example"]
    assert "Alcaldía de San Jerónimo recibió su pregunta" in theirs.body
    assert question.tracking_code in theirs.body and "Tenjo" not in theirs.body
    # No host of its own: its link goes under its /e/<slug>/ prefix on the site's address.
    assert (
        f"http://127.0.0.1:8000/e/san-jeronimo/preguntas/{question.tracking_code}/" in theirs.body
    )
    # From: the site's no-reply address under each entity's own name.
    assert theirs.from_email == "Alcaldía de San Jerónimo <no-responder@localhost>"
    assert ours.from_email == "Alcaldía de Tenjo <no-responder@localhost>"
    assert "Alcaldía de Tenjo recibió su pregunta" in ours.body
    assert "San Jerónimo" not in ours.body
    # Its own host: the link names it, with no prefix.
    assert f"http://rinde.tenjo.example/preguntas/{tenjo_question.tracking_code}/" in ours.body
    assert scoping.active() is None


def test_a_task_whose_row_is_gone_does_nothing(two_entities):
    (_tenjo, question), _other = two_entities
    with scoping.activate(question.entity):
        Question.objects.filter(pk=question.pk).delete()
    result = question_tasks.send_question_received.enqueue(question.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert mail.outbox == []


def test_the_periodic_digest_sends_each_entity_its_own_questions(two_entities, time_machine):
    (_tenjo, tenjo_question), (_san_jeronimo, question) = two_entities
    time_machine.move_to("2026-03-02 07:00 -05:00")  # both questions overdue
    result = question_tasks.send_question_digests.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 2
    by_mailbox = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_mailbox) == {"obras@tenjo.example", "obras@sanjeronimo.example"}
    tenjo_body = by_mailbox["obras@tenjo.example"]
    assert tenjo_question.tracking_code in tenjo_body
    assert question.tracking_code not in tenjo_body
    theirs = by_mailbox["obras@sanjeronimo.example"]
    assert question.tracking_code in theirs and tenjo_question.tracking_code not in theirs
    assert "/e/san-jeronimo/panel/" in theirs and "/e/tenjo/" not in theirs


def test_the_digest_command_runs_for_every_entity_once_a_day(two_entities, time_machine):
    time_machine.move_to("2026-03-02 07:00 -05:00")
    call_command("send_question_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_question_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mail.outbox) == [
        "obras@sanjeronimo.example",
        "obras@tenjo.example",
    ]


def test_one_entitys_failure_does_not_stop_the_others(two_entities, caplog):
    (tenjo, _q), (san_jeronimo, _q2) = two_entities

    def count_questions() -> int:
        if scoping.active() == tenjo:
            raise RuntimeError("a broken row")
        return Question.objects.count()

    with caplog.at_level(logging.ERROR, logger="rinde.entity.work"):
        results = work.for_each_entity(count_questions)
    assert results == {san_jeronimo: 1}
    assert [r.entity for r in caplog.records] == [tenjo.pk]
    assert scoping.active() is None


def test_a_suspended_entity_gets_no_periodic_work(two_entities):
    (tenjo, _q), (san_jeronimo, _q2) = two_entities
    san_jeronimo.is_active = False
    san_jeronimo.save()
    assert list(work.for_each_entity(scoping.active)) == [tenjo]


def test_the_sweeps_run_with_two_entities_and_no_entity_active(two_entities):
    for command in ("housekeeping", "apply_retention", "rebuild_plan_figures"):
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_metrics_count_every_entitys_overdue_questions(two_entities, time_machine):
    time_machine.move_to("2026-03-02 07:00 -05:00")
    found = samples(Client().get("/metrics"))
    assert found[("rinde_questions_overdue", frozenset())] == 2


def test_each_entity_has_its_own_cached_calendar(two_entities):
    (tenjo, _q), (san_jeronimo, _q2) = two_entities
    holiday = date(2026, 6, 24)  # a municipal feast in Tenjo only
    with scoping.activate(tenjo):
        NonWorkingDay.objects.create(date=holiday, reason="Fiesta patronal")
        assert holiday in work_calendar().non_working_days
    with scoping.activate(san_jeronimo):
        assert holiday not in work_calendar().non_working_days
    with scoping.activate(tenjo):
        assert holiday in work_calendar().non_working_days


def test_each_entity_takes_questions_for_its_own_exercise_at_the_same_address(two_entities):
    (tenjo, tenjo_question), (san_jeronimo, question) = two_entities
    intake.forget_intake()
    with scoping.activate(tenjo):
        assert intake.access_intake("2026")[0] == tenjo_question.exercise
    with scoping.activate(san_jeronimo):
        assert intake.access_intake("2026")[0] == question.exercise


def test_two_entities_same_public_page_is_not_shared_by_the_cache(two_entities, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    (tenjo, _q), (san_jeronimo, _q2) = two_entities
    Domain.objects.create(entity=tenjo, host="rinde.tenjo.example", is_primary=True)
    Domain.objects.create(entity=san_jeronimo, host="rinde.sanjeronimo.example")
    settings.ALLOWED_HOSTS = ["rinde.tenjo.example", "rinde.sanjeronimo.example"]
    for _twice in range(2):  # the second time from the cache
        tenjo_page = Client().get("/rendicion/", HTTP_HOST="rinde.tenjo.example").text
        their_page = Client().get("/rendicion/", HTTP_HOST="rinde.sanjeronimo.example").text
        assert "Rendición de Alcaldía de Tenjo" in tenjo_page
        assert "Rendición de Alcaldía de San Jerónimo" not in tenjo_page
        assert "Rendición de Alcaldía de San Jerónimo" in their_page
        assert "Rendición de Alcaldía de Tenjo" not in their_page


# Tasks that find their entity otherwise than from one row's key: periodic work over every
# entity, a task given its entity, notify() by the kind of news.
NOT_ABOUT_ONE_ROW = {
    "rinde.accounts.tasks.send_todo_digests": "for_each_entity",
    "rinde.accounts.tasks.send_password_reset": "entity_id",
    "rinde.exercises.tasks.send_event_reminders": "for_each_entity",
    "rinde.exercises.tasks.send_duty_warnings": "for_each_entity",
    "rinde.questions.tasks.send_question_digests": "for_each_entity",
    "rinde.questions.tasks.render_quarterly_pdf": "entity_id",
    "rinde.subscriptions.tasks.notify": "NEWS_ENTITY",
}


def _all_tasks() -> list[Task]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("rinde."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError:
            continue
        found += [value for value in vars(module).values() if isinstance(value, Task)]
    return found


def test_every_task_finds_the_entity_it_works_for():
    tasks = _all_tasks()
    assert len(tasks) >= 28
    for task in tasks:
        path = task.module_path
        row = getattr(task.func, "entity_of_row", None)
        if row is None:
            assert path in NOT_ABOUT_ONE_ROW, f"{path} runs with no entity active"
            continue
        model, arg, via = row
        assert arg in inspect.signature(task.func).parameters, path
        # The path from the row to its entity resolves (a wrong one fails at run time).
        assert work.entity_of(model, 0, via) is None, path


def test_notify_finds_the_entity_of_every_kind_of_news():
    for kind, (model, via) in subscription_tasks.NEWS_ENTITY.items():
        assert work.entity_of(model, 0, via) is None, kind


def test_event_reminders_go_to_each_entitys_registrants_in_its_name(two_entities, time_machine):
    time_machine.move_to("2026-07-01 09:00 -05:00")  # registrations open
    registrants = {}
    for entity, question in two_entities:
        with scoping.activate(entity):
            hearing = make_hearing(question.exercise, date(2026, 7, 10))
            email = f"asistente@{entity.slug}.example"
            exercise_services.register(
                event=hearing, kind="attend", data={"name": "Ana", "email": email}
            )
            registrants[email] = entity.name
    mail.outbox.clear()
    time_machine.move_to("2026-07-09 07:00 -05:00")
    result = exercise_tasks.send_event_reminders.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 2
    assert {m.to[0]: m.body for m in mail.outbox}.keys() == registrants.keys()
    for message in mail.outbox:
        name = registrants[message.to[0]]
        assert name in message.body
        others = set(registrants.values()) - {name}
        assert not any(other in message.body for other in others)


def test_the_same_path_under_two_prefixes_is_not_shared_by_the_cache(two_entities, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    for _twice in range(2):  # the second time from the cache
        tenjo_page = Client().get("/e/tenjo/rendicion/").text
        their_page = Client().get("/e/san-jeronimo/rendicion/").text
        assert "Rendición de Alcaldía de Tenjo" in tenjo_page
        assert "Rendición de Alcaldía de San Jerónimo" not in tenjo_page
        assert "Rendición de Alcaldía de San Jerónimo" in their_page
        assert "Rendición de Alcaldía de Tenjo" not in their_page


def test_a_published_bulletin_notifies_its_own_entitys_subscribers_in_its_name(two_entities):
    (tenjo, _q), (san_jeronimo, question) = two_entities
    for entity in (tenjo, san_jeronimo):
        follow(entity, f"lector@{entity.slug}.example")
    with scoping.activate(san_jeronimo):
        bulletin = Bulletin.objects.create(
            exercise=question.exercise,
            title="Audiencia el viernes",
            slug="audiencia",
            lead="El viernes.",
            body="<p>T</p>",
            published_at=timezone.now(),
        )
    mail.outbox.clear()
    result = subscription_tasks.notify.enqueue("bulletin", bulletin.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 1
    [message] = mail.outbox
    assert message.to == ["lector@san-jeronimo.example"]
    assert message.from_email == "Alcaldía de San Jerónimo <no-responder@localhost>"
    assert "/e/san-jeronimo/" in message.body and "/e/tenjo/" not in message.body


def test_a_password_reset_names_the_entity_whose_page_asked(two_entities):
    (_tenjo, _q), (san_jeronimo, _q2) = two_entities
    user = make_user(email="funcionaria@example.org", role=Role.PLANNING)
    result = account_tasks.send_password_reset.enqueue(
        user.pk, "rinde.sanjeronimo.example", True, entity_id=san_jeronimo.pk
    )
    assert result.status == TaskResultStatus.SUCCESSFUL
    [message] = mail.outbox
    assert message.from_email == "Alcaldía de San Jerónimo <no-responder@localhost>"
    assert "https://rinde.sanjeronimo.example/" in message.body
