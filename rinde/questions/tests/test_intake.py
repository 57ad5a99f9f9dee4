import time

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rinde.core.antispam import sign_start
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import AUTHORIZATION_VERSION, Channel, Question, Status
from rinde.questions.tests.factories import make_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(entity):
    return make_exercise()


def post_question(client, path, **data):
    payload = {
        "text": "¿Cuándo arreglan el andén de la calle 50?",
        "website": "",
        "started": sign_start(time.time() - 30),
        **data,
    }
    return client.post(path, payload)


def test_a_citizen_asks_anonymously_and_gets_a_tracking_code(client, exercise, time_machine):
    time_machine.move_to("2023-12-15 10:00 -05:00")
    response = post_question(client, "/rendicion/2023/preguntas/nueva/")
    assert response.status_code == 303
    question = Question.objects.get()
    assert response["Location"] == f"/preguntas/{question.tracking_code}/recibida/"
    page = client.get(response["Location"])
    assert question.tracking_code in page.text
    assert "10 de enero de 2024" in page.text  # Ley 1755 art. 14: 15 business days
    assert question.channel == Channel.WEB
    assert question.asker_name == "" and question.data_authorization_version == ""
    assert mail.outbox == []  # no contact, no e-mail


def test_a_question_with_an_email_needs_the_authorization_and_is_emailed(
    client, exercise, django_capture_on_commit_callbacks
):
    response = post_question(
        client, "/rendicion/2023/preguntas/nueva/", asker_name="Ana", asker_email="ana@example.org"
    )
    assert response.status_code == 400
    assert "necesitamos su autorización" in response.text
    assert "¿Cuándo arreglan el andén de la calle 50?" in response.text  # what she typed stays
    assert Question.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = post_question(
            client,
            "/rendicion/2023/preguntas/nueva/",
            asker_name="Ana",
            asker_email="ana@example.org",
            data_authorized="on",
        )
    assert response.status_code == 303
    question = Question.objects.get()
    assert question.data_authorization_version == AUTHORIZATION_VERSION
    assert question.data_authorized_at is not None
    assert len(mail.outbox) == 1
    assert question.tracking_code in mail.outbox[0].subject
    assert f"/preguntas/{question.tracking_code}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Escriba su pregunta."),
        ("¿y?", "al menos 10 caracteres"),
        ("x" * 20_000, "el máximo es 4000"),
    ],
)
def test_bad_questions_get_a_spanish_error(client, exercise, text, message):
    response = post_question(client, "/rendicion/2023/preguntas/nueva/", text=text)
    assert response.status_code == 400
    assert message in response.text
    assert Question.objects.count() == 0


def test_scripts_are_kept_as_text_and_never_run(client, exercise):
    text = "<script>alert('x')</script> ¿Y el presupuesto? 🚧 Δ ñandú"
    post_question(client, "/rendicion/2023/preguntas/nueva/", text=text)
    question = Question.objects.get()
    assert question.text == text
    page = client.get(f"/preguntas/{question.tracking_code}/")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "🚧 Δ ñandú" in page.text


def test_a_bot_filling_the_hidden_field_is_refused(client, exercise):
    response = post_question(client, "/rendicion/2023/preguntas/nueva/", website="http://spam")
    assert response.status_code == 400
    assert Question.objects.count() == 0


def test_a_bot_posting_at_once_is_refused(client, exercise):
    response = post_question(client, "/rendicion/2023/preguntas/nueva/", started=sign_start())
    assert "demasiado rápido" in response.text
    assert Question.objects.count() == 0


def test_a_replayed_form_with_a_forged_start_is_refused(client, exercise):
    response = post_question(client, "/rendicion/2023/preguntas/nueva/", started="1700000000")
    assert "venció" in response.text
    assert Question.objects.count() == 0


def test_a_burst_from_one_address_is_stopped_and_keeps_the_text(client, exercise):
    for n in range(10):
        assert (
            post_question(
                client, "/rendicion/2023/preguntas/nueva/", text=f"Pregunta número {n} sobre vías"
            ).status_code
            == 303
        )
    response = post_question(
        client, "/rendicion/2023/preguntas/nueva/", text="La pregunta once sobre vías"
    )
    assert response.status_code == 400
    assert "Recibimos muchos envíos" in response.text
    assert "La pregunta once sobre vías" in response.text
    assert Question.objects.count() == 10


def test_questions_on_the_live_page_run_from_the_day_after_the_hearing(
    client, exercise, time_machine
):
    make_hearing(exercise)
    time_machine.move_to("2023-12-15 09:30 -05:00")
    response = post_question(client, "/rendicion/2023/en-vivo/")
    assert response.status_code == 303
    question = Question.objects.get()
    assert question.channel == Channel.LIVE
    assert question.event.kind == "hearing"
    assert question.term_starts_after.isoformat() == "2023-12-15"
    assert question.due_on.isoformat() == "2024-01-10"
    # The confirmation leads back to the stream, and shows what was sent.
    confirmation = client.get(response["Location"]).text
    assert 'href="/rendicion/2023/en-vivo/"' in confirmation
    assert question.text in confirmation


def test_an_unpublished_exercise_takes_no_questions(client, entity):
    make_exercise(2024, is_published=False)
    assert client.get("/rendicion/2024/preguntas/nueva/").status_code == 404


def test_the_form_refuses_other_methods(client, exercise):
    assert client.put("/rendicion/2023/preguntas/nueva/").status_code == 405


def test_the_status_starts_received(client, exercise):
    post_question(client, "/rendicion/2023/preguntas/nueva/")
    assert Question.objects.get().status == Status.RECEIVED


def test_a_colliding_tracking_code_is_drawn_again(exercise, monkeypatch):
    from rinde.questions import intake
    from rinde.questions.tests.factories import make_question

    first = make_question(exercise)
    codes = iter([first.tracking_code, "RC2023-NUEVO2"])
    monkeypatch.setattr(intake, "new_tracking_code", lambda year: next(codes))
    second = make_question(exercise, text="Otra pregunta con un código que choca")
    assert second.tracking_code == "RC2023-NUEVO2"
    assert Question.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_questions_are_stored_before_and_after_the_database_connection_is_renewed(entity):
    # The INSERT's SQL is built once per process: it must serve every later connection
    # (CONN_MAX_AGE, a dropped one).
    from django.db import connection

    from rinde.questions.tests.factories import make_question

    exercise = make_exercise()
    first = make_question(exercise)
    second = make_question(exercise, text="¿Y el alumbrado del parque?")
    connection.close()
    third = make_question(exercise, text="¿Cuándo abren la biblioteca?")
    stored = dict(Question.objects.values_list("pk", "text"))
    assert stored == {
        first.pk: first.text,
        second.pk: second.text,
        third.pk: "¿Cuándo abren la biblioteca?",
    }


def test_tracking_codes_use_every_symbol_in_every_position():
    import re

    from rinde.questions.models import CODE_ALPHABET, new_tracking_code

    codes = [new_tracking_code(2023) for _ in range(3000)]
    assert all(re.fullmatch(rf"RC2023-[{CODE_ALPHABET}]{{6}}", code) for code in codes)
    # 3,000 draws of 31 symbols: a symbol missing from a position would mean the draw is
    # not spread over the whole alphabet (chance of a miss by luck: under 10⁻³⁹).
    for position in range(7, 13):
        assert {code[position] for code in codes} == set(CODE_ALPHABET)


def test_the_system_check_refuses_a_save_override_the_intake_would_skip(monkeypatch):
    """intake._insert does not call Question.save(): the check stops the project should
    save() be overridden (questions.checks)."""
    from rinde.questions.checks import check_question_save_is_not_overridden

    assert check_question_save_is_not_overridden() == []

    def save(self, *args, **kwargs):
        super(Question, self).save(*args, **kwargs)

    monkeypatch.setattr(Question, "save", save, raising=False)
    assert [e.id for e in check_question_save_is_not_overridden()] == ["questions.E001"]


@pytest.mark.parametrize("signal_name", ["pre_save", "post_save"])
def test_a_receiver_connected_for_questions_still_hears_of_each_new_one(exercise, signal_name):
    """The question is inserted without save(); pre_save and post_save receivers for
    Question (the search index has one) must not be skipped."""
    from django.db.models import signals

    from rinde.questions.tests.factories import make_question

    signal = getattr(signals, signal_name)
    heard = []

    def receiver(instance, **kwargs):
        heard.append((instance.text, kwargs.get("created")))

    signal.connect(receiver, sender=Question)
    try:
        question = make_question(exercise)
    finally:
        signal.disconnect(receiver, sender=Question)
    created = True if signal_name == "post_save" else None
    assert heard == [(question.text, created)]


# What one public question post costs and what it guarantees ------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_public_question_post_is_two_inserts_and_nothing_else(client, exercise):
    # The first post reads the published exercises, the calendar and the entity once.
    assert post_question(client, "/rendicion/2023/preguntas/nueva/").status_code == 303
    # Then each post is the INSERT of its spent form token and of the question, in one
    # transaction (no SELECT of the exercise, no similar-question search: triage suggests
    # those; no SELECT of the token either: its primary key refuses a replay).
    with CaptureQueriesContext(connection) as captured:
        response = post_question(client, "/rendicion/2023/preguntas/nueva/")
    assert response.status_code == 303
    statements = [q["sql"].split(" (")[0] for q in captured.captured_queries]
    # BEGIN and COMMIT are logged by some backends (SQLite), not by others.
    assert [s for s in statements if not s.startswith(("BEGIN", "COMMIT"))] == [
        'INSERT INTO "core_spentformtoken"',
        'INSERT INTO "questions_question"',
    ]
    assert Question.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_tracking_code_email_is_a_task_enqueued_with_the_question(client, exercise, settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    response = post_question(
        client,
        "/rendicion/2023/preguntas/nueva/",
        asker_name="Ana",
        asker_email="ana@example.org",
        data_authorized="on",
    )
    assert response.status_code == 303
    question = Question.objects.get()
    assert mail.outbox == []  # the request never talks to the mail server
    task = DBTaskResult.objects.get()
    assert task.task_path == "rinde.questions.tasks.send_question_received"
    assert task.args_kwargs["args"] == [question.pk]

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert question.tracking_code in mail.outbox[0].subject


def test_an_anonymous_question_enqueues_no_email(
    client, exercise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        post_question(client, "/rendicion/2023/preguntas/nueva/")
    assert callbacks == []


def test_the_email_task_is_enqueued_only_after_the_commit(
    client, exercise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        post_question(
            client,
            "/rendicion/2023/preguntas/nueva/",
            asker_email="ana@example.org",
            data_authorized="on",
        )
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_question_whose_email_cannot_be_queued_is_still_received(
    client, exercise, monkeypatch, caplog
):
    from rinde.questions import tasks

    class BrokenQueue:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("the task queue is down")

    monkeypatch.setattr(tasks, "send_question_received", BrokenQueue())
    response = post_question(
        client,
        "/rendicion/2023/preguntas/nueva/",
        asker_email="ana@example.org",
        data_authorized="on",
    )
    question = Question.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/preguntas/{question.tracking_code}/recibida/"
    assert "the task queue is down" in caplog.text


def test_a_withdrawn_exercise_stops_taking_questions_at_once(client, exercise):
    assert post_question(client, "/rendicion/2023/preguntas/nueva/").status_code == 303
    exercise.is_published = False
    exercise.save()
    assert post_question(client, "/rendicion/2023/preguntas/nueva/").status_code == 404
    assert Question.objects.count() == 1


def test_a_new_non_working_day_moves_the_due_date_of_the_next_question(
    client, exercise, time_machine
):
    from rinde.entity.models import NonWorkingDay

    time_machine.move_to("2023-12-15 10:00 -05:00")
    post_question(client, "/rendicion/2023/preguntas/nueva/")
    NonWorkingDay.objects.create(date="2024-01-10", reason="Día cívico")
    post_question(client, "/rendicion/2023/preguntas/nueva/")
    first, second = Question.objects.order_by("pk")
    assert first.due_on.isoformat() == "2024-01-10"
    assert second.due_on.isoformat() == "2024-01-11"


def test_the_office_hours_cutoff_applies_as_soon_as_it_is_set(
    client, entity, exercise, time_machine
):
    from datetime import time as clock_time

    time_machine.move_to("2023-12-15 17:30 -05:00")  # a Friday, after a 17:00 cut-off
    post_question(client, "/rendicion/2023/preguntas/nueva/")
    entity.office_hours_cutoff = clock_time(17, 0)
    entity.save()
    post_question(client, "/rendicion/2023/preguntas/nueva/")
    first, second = Question.objects.order_by("pk")
    assert first.received_on.isoformat() == "2023-12-15"
    assert second.received_on.isoformat() == "2023-12-18"


def test_other_processes_read_the_intake_again_after_its_lifetime(
    client, exercise, settings, monkeypatch
):
    from rinde.questions import intake

    settings.QUESTION_INTAKE_SECONDS = 5
    clock = iter([1000.0, 1004.0, 1006.0])
    monkeypatch.setattr(intake, "monotonic", lambda: next(clock))
    intake.forget_intake()
    intake.access_intake(2023)
    # Another process withdrew the exercise: no signal reaches this one, only the cache.
    cache.set(intake.exercises_key(exercise.entity_id), {}, 60)
    assert intake.access_intake(2023)[0] == exercise  # within its lifetime
    assert intake.access_intake(2023)[0] is None  # read again after it


def test_the_confirmation_page_is_one_query(client, exercise, django_assert_num_queries):
    response = post_question(client, "/rendicion/2023/preguntas/nueva/")
    client.get(response["Location"])  # the entity and the site settings get cached
    with django_assert_num_queries(1):
        page = client.get(response["Location"])
    assert Question.objects.get().tracking_code in page.text


def test_a_replayed_question_post_is_refused_and_keeps_the_text(client, exercise):
    started = sign_start(time.time() - 30)
    first = post_question(client, "/rendicion/2023/preguntas/nueva/", started=started)
    assert first.status_code == 303
    again = post_question(client, "/rendicion/2023/preguntas/nueva/", started=started)
    assert again.status_code == 400
    assert "Este formulario ya se había enviado" in again.text
    assert "¿Cuándo arreglan el andén de la calle 50?" in again.text
    fresh = again.context["form"]["started"].value()
    assert fresh != started
    assert Question.objects.count() == 1

    # The fresh token lets the person send it again on purpose, once they have read it.
    with time_machine.travel(time.time() + 5):
        resent = post_question(client, "/rendicion/2023/preguntas/nueva/", started=fresh)
    assert resent.status_code == 303
    assert Question.objects.count() == 2


def test_one_token_serves_one_question_not_twenty(client, exercise, settings):
    settings.QUESTION_RATE_LIMIT = (100, 600)  # the token refuses them, not the rate limit
    started = sign_start(time.time() - 30)
    responses = [
        post_question(client, "/rendicion/2023/preguntas/nueva/", started=started)
        for _ in range(20)
    ]
    assert [r.status_code for r in responses] == [303] + [400] * 19
    assert all("Este formulario ya se había enviado" in r.text for r in responses[1:])
    assert Question.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_live_page_post_does_not_build_the_page_it_redirects_from(client, exercise):
    # The live page lists the latest questions beside the stream; a post that is stored is
    # answered with a redirect, so building that list for it (it sorted every question of
    # the exercise, a hundred times a second during a hearing) is work thrown away.
    hearing = make_hearing(exercise)
    live = "/rendicion/2023/en-vivo/"
    assert post_question(client, live).status_code == 303
    with CaptureQueriesContext(connection) as captured:
        response = post_question(client, live)
    assert response.status_code == 303
    statements = [q["sql"].split(" (")[0].split(",")[0] for q in captured.captured_queries]
    # The hearing, read once for the page and the question alike; then the two INSERTs.
    assert [s for s in statements if not s.startswith(("BEGIN", "COMMIT"))] == [
        'SELECT "exercises_event"."id"',
        'INSERT INTO "core_spentformtoken"',
        'INSERT INTO "questions_question"',
    ]
    assert Question.objects.filter(event=hearing).count() == 2
    # A refused post shows the page again, list included.
    response = client.post(live, {"text": ""})
    assert response.status_code == 400
    assert "recent" in response.context
