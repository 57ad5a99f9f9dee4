import re
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rinde.core.models import AuditEntry
from rinde.core.tests import hostile
from rinde.exercises.tests.factories import make_exercise
from rinde.questions import services
from rinde.questions.models import AnswerState, Channel, PetitionKind, Question, Status
from rinde.questions.tests.factories import local, make_hearing, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise(entity):
    return make_exercise()


@pytest.fixture
def question(exercise):
    return make_question(
        exercise, asker_name="Ana", asker_email="ana@example.org", data_authorized=True
    )


def classify(client, question, department, kind=PetitionKind.GENERAL, topic="Vías"):
    return client.post(
        f"/panel/preguntas/{question.pk}/classify/",
        {"topic": topic, "department": department.pk, "kind": kind},
    )


def test_planning_classifies_and_the_kind_sets_the_term(
    staff_client, planning_user, question, department
):
    client = staff_client(planning_user)
    response = classify(client, question, department, kind=PetitionKind.INFORMATION)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.ASSIGNED
    assert question.department == department
    assert question.term_days == 10
    assert question.due_on == date(2024, 1, 2)  # legal.md: 15 Dec 2023 + 10
    assert "art. 14" in question.term_source
    assert (
        AuditEntry.objects.filter(action="questions.classify", target_id=str(question.pk)).count()
        == 1
    )


def test_an_officer_cannot_classify(staff_client, officer_user, question, department):
    question.department = department
    question.save()
    response = classify(staff_client(officer_user), question, department)
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == Status.RECEIVED


def test_an_officer_never_sees_another_departments_questions(
    staff_client, officer_user, question, other_department
):
    question.department = other_department
    question.save()
    client = staff_client(officer_user)
    assert client.get(f"/panel/preguntas/{question.pk}/").status_code == 404
    assert question.tracking_code not in client.get("/panel/preguntas/").text


def test_the_board_needs_a_staff_role(client, staff_client, communications_user, exercise):
    assert client.get("/panel/preguntas/").status_code == 302
    assert staff_client(communications_user).get("/panel/preguntas/").status_code == 403


def test_rejection_needs_a_reason_and_keeps_the_question(staff_client, ict_user, question):
    client = staff_client(ict_user)
    response = client.post(f"/panel/preguntas/{question.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(f"/panel/preguntas/{question.pk}/reject/", {"reason": "Publicidad"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.REJECTED
    assert question.rejection_reason == "Publicidad"
    assert client.get("/rendicion/2023/preguntas/").context["page"].paginator.count == 0


def test_merging_points_the_duplicate_to_the_original(staff_client, ict_user, exercise, question):
    duplicate = make_question(
        exercise, text="¿Cuándo arreglan la vía principal del barrio? urgente"
    )
    client = staff_client(ict_user)
    page = client.get(f"/panel/preguntas/{duplicate.pk}/")
    assert question.tracking_code in page.text  # suggested as similar
    # ...with a one-click merge into it.
    assert f'name="into" value="{question.tracking_code}"' in page.text
    response = client.post(
        f"/panel/preguntas/{duplicate.pk}/merge/",
        {"into": question.tracking_code.lower().replace("-", " ")},
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED
    assert duplicate.merged_into == question
    public = client.get(f"/preguntas/{duplicate.tracking_code}/").text
    assert question.tracking_code in public


def test_merging_with_an_unknown_code_is_explained(staff_client, ict_user, question):
    response = staff_client(ict_user).post(
        f"/panel/preguntas/{question.pk}/merge/", {"into": "RC2023-NOEXIS"}
    )
    assert response.status_code == 400
    assert "No existe una pregunta con ese código." in response.text
    # The refused form comes back in view: its address ends at the form's anchor.
    assert 'id="accion-merge"' in response.text
    assert f'action="/panel/preguntas/{question.pk}/merge/#accion-merge"' in response.text


def test_a_question_is_not_merged_with_itself(staff_client, ict_user, question):
    response = staff_client(ict_user).post(
        f"/panel/preguntas/{question.pk}/merge/", {"into": question.tracking_code}
    )
    assert response.status_code == 400
    assert "no se une consigo misma" in response.text


def test_the_asker_of_a_duplicate_hears_of_the_merge_and_of_the_answer(
    ict_user, exercise, question, django_capture_on_commit_callbacks
):
    duplicate = make_question(
        exercise,
        text="¿Para cuándo la vía principal del barrio?",
        asker_email="luis@example.org",
        data_authorized=True,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_question(duplicate, into=question, actor=ict_user)
    assert [m.to for m in mail.outbox] == [["luis@example.org"]]
    assert question.tracking_code in mail.outbox[0].body
    assert f"/preguntas/{question.tracking_code}/" in mail.outbox[0].body
    mail.outbox.clear()
    make_hearing(exercise)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_answered_at_hearing(
            question, actor=ict_user, minute="10:00", summary="Empieza en enero & termina en marzo."
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "luis@example.org"]
    # The plain-text part shows the answer as text, "&" and all.
    assert "Empieza en enero & termina en marzo." in mail.outbox[0].body


def test_the_answer_flows_from_officer_to_planning_to_the_public(
    staff_client,
    client,
    planning_user,
    officer_user,
    question,
    department,
    django_capture_on_commit_callbacks,
):
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    mail.outbox.clear()
    officer = staff_client(officer_user)
    response = officer.post(
        f"/panel/preguntas/{question.pk}/answer/",
        {"body": "<p>La obra empieza en <strong>febrero</strong>.</p><script>x()</script>"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.IN_REVIEW
    answer = question.answers.get()
    assert answer.state == AnswerState.SUBMITTED
    assert "<script>" not in answer.body
    # Not public until planning approves.
    assert "febrero" not in client.get(f"/preguntas/{question.tracking_code}/").text
    # The officer cannot approve their own answer.
    assert (
        officer.post(f"/panel/preguntas/{question.pk}/review/", {"decision": "approve"}).status_code
        == 403
    )

    planner = staff_client(planning_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = planner.post(f"/panel/preguntas/{question.pk}/review/", {"decision": "approve"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.ANSWERED
    assert question.answered_on is not None
    assert "febrero" in client.get(f"/preguntas/{question.tracking_code}/").text
    assert len(mail.outbox) == 1 and question.tracking_code in mail.outbox[0].subject


def test_a_returned_answer_needs_a_comment_and_goes_back(
    client, staff_client, planning_user, officer_user, question, department
):
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    services.draft_answer(question, actor=officer_user, body="<p>Borrador</p>")
    planner = staff_client(planning_user)
    assert (
        planner.post(
            f"/panel/preguntas/{question.pk}/review/", {"decision": "return", "comment": ""}
        ).status_code
        == 400
    )
    assert (
        planner.post(
            f"/panel/preguntas/{question.pk}/review/",
            {"decision": "return", "comment": "Agregue cifras"},
        ).status_code
        == 302
    )
    question.refresh_from_db()
    assert question.status == Status.ASSIGNED
    assert question.answers.get().state == AnswerState.RETURNED
    # The officer starts the new draft from the returned one, as plain text.
    page = staff_client(officer_user).get(f"/panel/preguntas/{question.pk}/")
    assert page.context["answer_form"]["body"].value() == "Borrador"
    # The public numbers only published versions: the returned draft was never one.
    services.review_answer(
        services.draft_answer(question, actor=officer_user, body="Con cifras"),
        actor=planning_user,
        approve=True,
    )
    public = client.get(f"/preguntas/{question.tracking_code}/")
    assert "Versión 1, publicada" in public.text
    assert "Versión 2" not in public.text


def test_a_correction_is_a_new_visible_version(
    client, planning_user, officer_user, question, department
):
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    first = services.draft_answer(question, actor=officer_user, body="<p>Primera versión</p>")
    services.review_answer(first, actor=planning_user, approve=True)
    second = services.draft_answer(question, actor=officer_user, body="<p>Versión corregida</p>")
    services.review_answer(second, actor=planning_user, approve=True)
    page = client.get(f"/preguntas/{question.tracking_code}/").text
    assert "Primera versión" in page and "Versión corregida" in page
    assert "versión anterior, reemplazada" in page
    first.refresh_from_db()
    assert first.body == "<p>Primera versión</p>"


def test_an_extension_is_lawful_only_before_the_due_date(
    staff_client,
    planning_user,
    question,
    department,
    time_machine,
    django_capture_on_commit_callbacks,
):
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    client = staff_client(planning_user)
    time_machine.move_to("2024-01-05 10:00 -05:00")
    response = client.post(
        f"/panel/preguntas/{question.pk}/extend/",
        {"new_due_on": "2024-02-01", "reason": "Falta información"},
    )
    assert response.status_code == 400
    assert "31 de enero de 2024" in response.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/panel/preguntas/{question.pk}/extend/",
            {"new_due_on": "2024-01-31", "reason": "Falta información de la EPM"},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_due_on == date(2024, 1, 31)
    assert question.due_on == date(2024, 1, 10)
    assert "Falta información de la EPM" in mail.outbox[0].body


def test_an_extension_after_the_due_date_is_refused(
    staff_client, planning_user, question, department, time_machine
):
    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    time_machine.move_to("2024-01-11 10:00 -05:00")
    response = staff_client(planning_user).post(
        f"/panel/preguntas/{question.pk}/extend/", {"new_due_on": "2024-01-20", "reason": "Tarde"}
    )
    assert "ya venció" in response.text
    # Past its due date, the page offers no extension any more.
    page = staff_client(planning_user).get(f"/panel/preguntas/{question.pk}/")
    assert "Prorrogar el plazo" not in page.text


def test_forwarding_tells_the_asker(
    staff_client, ict_user, question, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client(ict_user).post(
            f"/panel/preguntas/{question.pk}/forward/", {"authority": "Gobernación de Antioquia"}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.FORWARDED
    assert question.forward_due_on == date(2023, 12, 22)  # art. 21: 5 business days
    assert "Gobernación de Antioquia" in mail.outbox[0].body


def test_answered_at_the_hearing_keeps_the_minute(
    staff_client, client, ict_user, exercise, question
):
    make_hearing(exercise)
    response = staff_client(ict_user).post(
        f"/panel/preguntas/{question.pk}/hearing/",
        {
            "minute": "1:23:45",
            "summary": "El alcalde respondió.\n\nLa obra de la Calle 50 & Carrera 36 empieza en enero.",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answered_on == date(2023, 12, 15)  # the hearing's day, not today's
    page = client.get(f"/preguntas/{question.tracking_code}/").text
    assert "minuto 1:23:45" in page
    # Typed as plain text: its paragraphs stay paragraphs.
    assert "<p>El alcalde respondió.</p>" in page
    # The list's excerpt shows the text as typed, not its HTML entities.
    listing = client.get("/rendicion/2023/preguntas/").text
    assert "Calle 50 &amp; Carrera 36" in listing
    assert "&amp;amp;" not in listing


@pytest.mark.parametrize("minute", ["ayer", "99:99", "1:60:00", "01:23:45:00"])
def test_a_bad_minute_is_explained(staff_client, ict_user, exercise, question, minute):
    make_hearing(exercise)
    response = staff_client(ict_user).post(
        f"/panel/preguntas/{question.pk}/hearing/", {"minute": minute, "summary": "x"}
    )
    assert response.status_code == 400
    assert "hh:mm:ss" in response.text
    question.refresh_from_db()
    assert question.status == Status.RECEIVED


def test_a_question_received_after_the_hearing_cannot_be_answered_at_it(
    staff_client, ict_user, exercise
):
    make_hearing(exercise, day=date(2023, 12, 1))
    later = make_question(exercise, received_at=local(2023, 12, 5, 9))
    response = staff_client(ict_user).post(
        f"/panel/preguntas/{later.pk}/hearing/", {"minute": "10:00", "summary": "x"}
    )
    assert response.status_code == 400
    assert "después de la audiencia" in response.text
    later.refresh_from_db()
    assert later.status == Status.RECEIVED


def test_staff_enter_a_paper_form_with_its_real_arrival_time(staff_client, ict_user, exercise):
    response = staff_client(ict_user).post(
        "/panel/preguntas/nueva/",
        {
            "channel": Channel.PAPER,
            "received_at": "2023-12-16T09:00",
            "text": "¿Cuándo abren el centro de salud de San Pío?",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.channel == Channel.PAPER
    assert question.received_on == date(2023, 12, 18)  # a Saturday counts as Monday
    assert question.created_by == ict_user
    assert AuditEntry.objects.filter(action="questions.register").count() == 1


def test_the_staff_entry_form_speaks_of_the_asker_not_to_them(
    client, staff_client, ict_user, exercise
):
    page = staff_client(ict_user).get("/panel/preguntas/nueva/").text
    assert "Texto de la pregunta" in page and "La persona autorizó" in page
    assert "Su pregunta" not in page and "Autorizo" not in page
    assert "Su pregunta" in client.get("/rendicion/2023/preguntas/nueva/").text


@pytest.mark.parametrize(
    ("received_at", "message"),
    [
        ("2030-01-01T09:00", "no puede estar en el futuro"),
        ("1999-12-16T09:00", "anterior al 1 de enero de 2023"),
    ],
)
def test_staff_cannot_register_an_impossible_arrival_time(
    staff_client, ict_user, exercise, time_machine, received_at, message
):
    time_machine.move_to("2023-12-20 10:00 -05:00")
    text = "¿Cuándo abren el centro de salud de San Pío?"
    response = staff_client(ict_user).post(
        "/panel/preguntas/nueva/",
        {"channel": Channel.PAPER, "received_at": received_at, "text": text},
    )
    assert response.status_code == 200
    assert message in response.text
    assert text in response.text  # what was typed is kept
    assert not Question.objects.exists()


def test_the_board_sorts_by_urgency(
    staff_client, planning_user, exercise, department, time_machine
):
    late = make_question(exercise, received_at=local(2023, 11, 1, 10))
    soon = make_question(
        exercise, text="¿Qué pasa con el alumbrado del parque?", received_at=local(2023, 12, 15, 10)
    )
    for q in (late, soon):
        services.classify_question(
            q, actor=planning_user, department=department, kind=PetitionKind.GENERAL, topic="x"
        )
    time_machine.move_to("2024-01-05 10:00 -05:00")
    response = staff_client(planning_user).get("/panel/preguntas/")
    board = response.context["board"]
    assert [q.pk for q in board["overdue"]] == [late.pk]
    assert [q.pk for q in board["due_soon"]] == [soon.pk]  # 10 Jan is 3 business days away


def test_an_unclassified_question_shows_overdue_on_the_board(
    staff_client, ict_user, exercise, time_machine
):
    # Left in triage past its due date: it must count and show as overdue, not hide in
    # "Por clasificar" ("Ninguna pregunta puede vencerse sin que se vea aquí").
    forgotten = make_question(exercise, received_at=local(2023, 11, 1, 10))
    fresh = make_question(
        exercise, text="¿Qué pasa con el alumbrado del parque?", received_at=local(2024, 1, 4, 10)
    )
    time_machine.move_to("2024-01-05 10:00 -05:00")
    response = staff_client(ict_user).get("/panel/preguntas/")
    board = response.context["board"]
    assert [q.pk for q in board["overdue"]] == [forgotten.pk]
    assert board["later"] == []
    assert [q.pk for q in board["to_triage"]] == [forgotten.pk, fresh.pk]


def test_the_board_query_count_does_not_grow(
    staff_client, planning_user, exercise, department, django_assert_num_queries
):
    client = staff_client(planning_user)
    make_question(exercise)
    client.get("/panel/preguntas/")
    # session, user, second-factor device; the five lists, the counts and the counts per
    # department (the calendar is cached)
    with django_assert_num_queries(10) as few:
        client.get("/panel/preguntas/")
    for n in range(15):
        q = make_question(exercise, text=f"Pregunta de prueba número {n} sobre la vía")
        services.classify_question(
            q, actor=planning_user, department=department, kind=PetitionKind.GENERAL, topic="x"
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/panel/preguntas/")


def test_questions_at_a_hearing_with_the_chat_channel_use_the_hearing(exercise):
    make_hearing(exercise)
    question = make_question(exercise, channel=Channel.CHAT, received_at=local(2023, 12, 15, 9, 0))
    assert question.event is not None
    assert question.due_on == date(2024, 1, 10)


def test_the_citizen_role_has_no_access(client, citizen_user, exercise):
    client.force_login(citizen_user)
    assert client.get("/panel/preguntas/").status_code == 403


def test_an_answer_carries_an_attachment_checked_by_content(
    staff_client, client, planning_user, officer_user, question, department
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.classify_question(
        question,
        actor=planning_user,
        department=department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    officer = staff_client(officer_user)
    fake = SimpleUploadedFile("acta.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = officer.post(
        f"/panel/preguntas/{question.pk}/answer/",
        {"body": "<p>Ver anexo</p>", "attachment": fake, "attachment_title": "Acta"},
    )
    assert response.status_code == 400
    assert "no es de un tipo permitido" in response.text
    pdf = SimpleUploadedFile("acta.pdf", hostile.sound_pdf(), "application/pdf")
    response = officer.post(
        f"/panel/preguntas/{question.pk}/answer/",
        {"body": "<p>Ver anexo</p>", "attachment": pdf, "attachment_title": "Acta de obra"},
    )
    assert response.status_code == 302
    answer = question.answers.get()
    attachment = answer.attachments.get()
    # A draft's attachment is private, handed out to staff who may see the question.
    assert attachment.original_name == "acta.pdf"
    assert not attachment.public_file
    assert Client().get(f"/media/{attachment.file.name}").status_code == 404
    staff_url = f"/panel/preguntas/anexos/{attachment.pk}/"
    assert Client().get(staff_url).status_code == 302
    response = officer.get(staff_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "acta.pdf" in response["Content-Disposition"]
    services.review_answer(answer, actor=planning_user, approve=True)
    attachment.refresh_from_db()
    assert attachment.public_file.name.endswith(".pdf")
    assert attachment.public_file.name != attachment.file.name
    page = Client().get(f"/preguntas/{question.tracking_code}/").text
    assert "Acta de obra" in page
    assert f'href="{attachment.public_file.url}"' in page
    assert Client().get(attachment.public_file.url).status_code == 200


def test_an_answers_attachment_is_handed_out_only_within_the_officers_departments(
    staff_client, planning_user, officer_user, question, department, other_department
):
    from rinde.questions.models import AnswerAttachment

    services.classify_question(
        question,
        actor=planning_user,
        department=other_department,
        kind=PetitionKind.GENERAL,
        topic="Vías",
    )
    pdf = SimpleUploadedFile("acta.pdf", hostile.sound_pdf(), "application/pdf")
    staff_client(planning_user).post(
        f"/panel/preguntas/{question.pk}/answer/",
        {"body": "<p>Ver anexo</p>", "attachment": pdf, "attachment_title": "Acta"},
    )
    attachment = AnswerAttachment.objects.get()
    url = f"/panel/preguntas/anexos/{attachment.pk}/"
    assert staff_client(officer_user).get(url).status_code == 404  # other department
    assert staff_client(planning_user).get(url).status_code == 200


def test_staff_go_to_a_question_by_its_code_from_the_board(
    staff_client, ict_user, officer_user, question, department, other_department
):
    client = staff_client(ict_user)
    typed = question.tracking_code.replace("-", " ").lower()
    response = client.get("/panel/preguntas/", {"codigo": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/panel/preguntas/{question.pk}/"
    # An officer only reaches their departments' questions, by code too.
    question.department = other_department
    question.save()
    response = staff_client(officer_user).get("/panel/preguntas/", {"codigo": typed})
    assert response.status_code == 404
    assert "No hay una pregunta con el código" in response.text


def test_triage_offers_the_topics_already_used(
    staff_client, planning_user, exercise, question, department
):
    other = make_question(exercise, text="¿Qué pasa con el alumbrado del parque?")
    services.classify_question(
        other, actor=planning_user, department=department, kind=PetitionKind.GENERAL, topic="Vías"
    )
    page = staff_client(planning_user).get(f"/panel/preguntas/{question.pk}/").text
    assert 'list="temas-usados"' in page
    assert '<datalist id="temas-usados"><option value="Vías"></datalist>' in page


def test_the_board_counts_every_open_question_but_lists_the_most_urgent(
    staff_client, ict_user, exercise, time_machine, settings
):
    """On a hearing day thousands of questions wait: the board rendered every one of them
    (about 9 s a load in bench/hearing_day.py); each list now shows its most urgent rows."""
    from rinde.questions import staff_views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The process keeps one local-memory cache, which conftest does not clear when the suite
    # runs with Redis: an earlier test's entity cached there would be this one's questions'
    # entity (entity_of_new_row), a row that no longer exists.
    cache.clear()
    for minute in range(staff_views.BOARD_ROWS + 5):
        make_question(exercise, received_at=local(2023, 12, 15, 8 + minute // 60, minute % 60))
    time_machine.move_to("2023-12-15 18:00 -05:00")
    response = staff_client(ict_user).get("/panel/preguntas/")
    html = response.content.decode()
    assert response.context["counts"]["to_triage"] == staff_views.BOARD_ROWS + 5
    assert len(response.context["board"]["to_triage"]) == staff_views.BOARD_ROWS
    listed = set(re.findall(r'href="/panel/preguntas/(\d+)/"', html))
    assert len(listed) == staff_views.BOARD_ROWS  # received on the 15th: all wait in triage
    assert (
        f"Se muestran las {staff_views.BOARD_ROWS} más urgentes de {staff_views.BOARD_ROWS + 5}"
        in html
    )


def test_the_boards_database_split_equals_the_rule_in_python(exercise, department, planning_user):
    """board_queries (what the page uses) against build_board (the rule as plain Python),
    with questions due on every side of today and the due-soon limit, some left in triage."""
    from datetime import timedelta

    from rinde.entity.calendar import work_calendar
    from rinde.questions import board as board_rules

    today = date(2024, 1, 10)
    for offset in range(-4, 12):
        q = make_question(exercise, text=f"Pregunta {offset} sobre el acueducto del barrio")
        Question.objects.filter(pk=q.pk).update(current_due_on=today + timedelta(days=offset))
        if offset % 3:
            services.classify_question(
                q, actor=planning_user, department=department, kind=PetitionKind.GENERAL, topic="x"
            )
    calendar = work_calendar()
    questions = Question.objects.open().select_related("department", "exercise")
    expected = board_rules.build_board(questions.order_by("current_due_on", "pk"), today, calendar)
    expected["later"] = [q for q in expected["later"] if q.status != Status.RECEIVED]
    found = board_rules.board_queries(questions, today, calendar, rows=100)
    for kind in ("overdue", "due_today", "due_soon", "later"):
        assert [q.pk for q in found["lists"][kind]] == [q.pk for q in expected[kind]], kind
        assert found["counts"][kind] == len(expected[kind]), kind
    received = [
        q.pk for q in questions.order_by("current_due_on", "pk") if q.status == Status.RECEIVED
    ]
    assert [q.pk for q in found["lists"]["to_triage"]] == received
    assert sum(row["overdue"] for _name, row in found["by_department"]) == len(expected["overdue"])
    assert all(found["counts"][kind] for kind in ("overdue", "due_today", "due_soon", "later"))


ACTIONS = ["classify", "reject", "merge", "hearing", "forward", "extend", "answer", "review"]


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_has_its_own_url_and_takes_only_a_post(
    staff_client, planning_user, question, action
):
    response = staff_client(planning_user).get(f"/panel/preguntas/{question.pk}/{action}/")
    assert response.status_code == 405


def test_an_action_that_does_not_exist_is_not_found(staff_client, planning_user, question):
    response = staff_client(planning_user).post(f"/panel/preguntas/{question.pk}/borrar/")
    assert response.status_code == 404
