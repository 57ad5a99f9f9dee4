import csv
import io
import json
import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.consultations.models import Comment, SurveyResponse
from rinde.core.antispam import sign_start
from rinde.core.models import AuditEntry
from rinde.core.public_cache import site_version
from rinde.exercises.models import Registration
from rinde.holders import services, sources
from rinde.holders.models import AccessLink, HolderRequest, RequestKind, RequestStatus
from rinde.holders.tests.factories import EMAIL, make_footprint
from rinde.questions.models import Question

pytestmark = pytest.mark.django_db

START = "/mis-datos/"
DATA = "/mis-datos/ver/"


@pytest.fixture(autouse=True)
def locmem_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The process keeps one local-memory cache: the rate limits an earlier test counted
    # there must not refuse this one's requests (conftest clears the configured cache,
    # Redis when the suite runs with it, not this one).
    cache.clear()


def committed():
    """Run what the code queues after its commit (the e-mails) as the worker would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def ask_link(client, email=EMAIL, **data):
    with committed():
        return client.post(
            START,
            {"email": email, "website": "", "started": sign_start(time.time() - 30), **data},
        )


def link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/mis-datos/entrar/[^\s]+/)", message.body).group(1)


def logged_in_holder(email=EMAIL) -> Client:
    client = Client()
    ask_link(client, email)
    path = link_path(mail.outbox[-1])
    assert client.post(path).status_code == 303
    return client


def file(client, kind, **data):
    with committed():
        return client.post(
            "/mis-datos/solicitud/",
            {"kind": kind, "website": "", "started": sign_start(time.time() - 30), **data},
        )


# --- Asking for a link ---------------------------------------------------------------------


def test_the_start_page_answers_get_and_head(entity):
    assert Client().get(START).status_code == 200
    assert Client().head(START).status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(entity):
    make_footprint()
    known = ask_link(Client(), EMAIL)
    unknown = ask_link(Client(), "nadie@example.org")
    assert known.status_code == unknown.status_code == 303
    assert known["Location"] == unknown["Location"] == "/mis-datos/enlace-enviado/"
    # Both are mailed by the worker: the page cannot tell one from the other.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([EMAIL, "nadie@example.org"])
    sent = Client().get(known["Location"])
    assert sent.status_code == 200
    assert EMAIL not in sent.content.decode()


def test_a_second_request_while_a_link_is_fresh_sends_nothing(entity):
    assert ask_link(Client(), EMAIL).status_code == 303
    assert ask_link(Client(), EMAIL.upper()).status_code == 303
    assert len(mail.outbox) == 1


def test_the_link_form_refuses_bots_and_floods(entity):
    assert ask_link(Client(), website="http://spam").status_code == 200
    assert mail.outbox == []
    client = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(5):
        assert ask_link(client, f"p{i}@example.org").status_code == 303
    refused = ask_link(client, "p9@example.org")
    assert refused.status_code == 200
    assert "Recibimos muchos envíos" in refused.content.decode()
    assert len(mail.outbox) == 5


def test_the_link_is_shown_by_get_and_spent_once_by_post(entity):
    client = Client()
    ask_link(client)
    path = link_path(mail.outbox[0])
    # A mail scanner's GET does not spend it.
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 303
    assert client.get(DATA).status_code == 200
    assert Client().post(path).status_code == 410
    assert Client().get(path).status_code == 410


def test_a_link_expires(entity, time_machine):
    time_machine.move_to(timezone.now())
    client = Client()
    ask_link(client)
    path = link_path(mail.outbox[0])
    time_machine.shift(timedelta(hours=25))
    assert client.post(path).status_code == 410
    assert client.get(DATA).status_code == 302


def test_a_forged_link_is_refused(entity):
    assert Client().post("/mis-datos/entrar/abc:def/").status_code == 410


def test_the_holder_session_ends_after_half_an_hour(entity, time_machine):
    time_machine.move_to(timezone.now())
    client = logged_in_holder()
    assert client.get(DATA).status_code == 200
    time_machine.shift(timedelta(minutes=31))
    assert client.get(DATA).status_code == 302


# --- Seeing and downloading -----------------------------------------------------------------


def test_the_data_page_needs_a_link_or_a_citizen_account(entity):
    assert Client().get(DATA)["Location"] == START
    assert Client().get("/mis-datos/descargar/json/")["Location"] == START


def test_the_holder_sees_everything_tied_to_their_address_and_nothing_else(entity):
    exercise = make_footprint()
    make_footprint("otra@example.org", exercise=exercise, suffix="X")
    response = logged_in_holder().get(DATA)
    html = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    counts = {label: len(items) for label, items in response.context["collected"]}
    assert counts == {
        "Preguntas ciudadanas": 1,
        "Inscripciones a eventos": 1,
        "Comentarios en el foro": 1,
        "Respuestas a la encuesta de temas": 1,
        "Cuenta ciudadana": 0,
        "Directorio de medios": 0,
        "Suscripciones por correo": 0,
        "Comentarios sobre proyectos del plan": 0,
    }
    assert "¿Cuándo arreglan la vía 0?" in html
    assert "Buen informe 0" in html
    assert "Vías" in html
    assert "vía 0X" not in html


def test_a_logged_in_citizen_sees_their_data_without_a_link(entity, client):
    citizen = make_user(Role.CITIZEN, username="ana", email=EMAIL)
    make_footprint()
    client.force_login(citizen)
    response = client.get(DATA)
    counts = dict((label, len(items)) for label, items in response.context["collected"])
    assert counts["Preguntas ciudadanas"] == 1
    assert counts["Cuenta ciudadana"] == 1


def test_a_staff_account_is_not_a_holder_session(entity, client, planning_user):
    client.force_login(planning_user)
    assert client.get(DATA).status_code == 302


def test_the_data_page_has_a_constant_query_count(entity):
    exercise = make_footprint(n=1)
    client = logged_in_holder()
    client.get(DATA)  # warm the session and the entity cache

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DATA).status_code == 200
        return len(queries.captured_queries)

    one = count()
    make_footprint(exercise=exercise, n=4, suffix="B")
    assert count() == one


def test_the_download_in_json_and_csv_holds_every_item(entity):
    make_footprint()
    client = logged_in_holder()
    data = json.loads(client.get("/mis-datos/descargar/json/").content)
    by_source = {block["fuente"]: block["elementos"] for block in data["fuentes"]}
    assert by_source["Preguntas ciudadanas"][0]["correo"] == EMAIL
    assert by_source["Inscripciones a eventos"][0]["teléfono"] == "3001234567"
    response = client.get("/mis-datos/descargar/csv/")
    assert response["Content-Disposition"] == 'attachment; filename="mis-datos-personales.csv"'
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["fuente", "elemento", "campo", "valor"]
    assert ["Preguntas ciudadanas", "1", "correo", EMAIL] in rows
    assert client.get("/mis-datos/descargar/xml/").status_code == 404


def test_the_csv_download_defuses_formulas(entity):
    make_footprint()
    Question.objects.update(asker_name="=HYPERLINK(1)")
    response = logged_in_holder().get("/mis-datos/descargar/csv/")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert ["Preguntas ciudadanas", "1", "nombre", "'=HYPERLINK(1)"] in rows


# --- Requests and their legal terms ----------------------------------------------------------


def test_a_request_gets_its_legal_due_date_in_business_days(entity, time_machine):
    # Received Friday 15 Dec 2023: 15 business days end Wed 10 Jan 2024, 10 end Tue 2 Jan
    # (legal.md's worked example: 25 Dec, 1 and 8 Jan are holidays).
    time_machine.move_to("2023-12-15 10:00 -05:00")
    claim = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    consultation = services.file_request(
        email=EMAIL, kind=RequestKind.CONSULTATION, details="¿Para qué usan mi correo?"
    )
    assert str(claim.due_on) == "2024-01-10"
    assert claim.term_days == 15 and "art. 15" in claim.term_source
    assert str(consultation.due_on) == "2024-01-02"
    assert "art. 14" in consultation.term_source


def test_a_request_on_a_saturday_counts_from_monday(entity, time_machine):
    time_machine.move_to("2024-08-03 10:00 -05:00")  # a Saturday
    claim = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    assert str(claim.received_on) == "2024-08-05"
    assert str(claim.due_on) == "2024-08-28"  # legal.md: 6 to 28 Aug


def test_the_holder_files_a_request_and_gets_its_receipt(entity):
    client = logged_in_holder()
    response = file(client, RequestKind.DELETION, details="No quiero seguir en sus listas.")
    assert response.status_code == 303
    holder_request = HolderRequest.objects.get()
    assert response["Location"] == f"/mis-datos/solicitud/{holder_request.tracking_code}/"
    assert holder_request.email == EMAIL and holder_request.status == RequestStatus.RECEIVED
    done = client.get(response["Location"]).content.decode()
    assert holder_request.tracking_code in done
    assert holder_request.tracking_code in mail.outbox[-1].subject
    assert AuditEntry.objects.filter(action="holders.request_filed").count() == 1
    # Another person cannot read it by its code.
    other = logged_in_holder("otra@example.org")
    assert other.get(response["Location"]).status_code == 404


def test_a_correction_needs_the_new_data_and_a_consultation_its_text(entity):
    client = logged_in_holder()
    assert file(client, RequestKind.CORRECTION).status_code == 200
    assert file(client, RequestKind.CONSULTATION).status_code == 200
    assert HolderRequest.objects.count() == 0


def test_pending_requests_lists_the_open_ones_most_urgent_first(entity, time_machine):
    time_machine.move_to("2023-12-15 10:00 -05:00")
    claim = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    consultation = services.file_request(email=EMAIL, kind=RequestKind.CONSULTATION)
    done = services.file_request(email=EMAIL, kind=RequestKind.REVOCATION)
    HolderRequest.objects.filter(pk=done.pk).update(status=RequestStatus.ANSWERED)
    assert list(services.pending_requests()) == [consultation, claim]


# --- Staff ------------------------------------------------------------------------------------


def test_only_ict_and_the_administrator_handle_requests(
    entity, staff_client, planning_user, ict_user
):
    assert staff_client(planning_user).get("/panel/datos-personales/").status_code == 403
    assert staff_client(ict_user).get("/panel/datos-personales/").status_code == 200


def test_the_staff_list_puts_overdue_requests_first(entity, staff_client, ict_user, time_machine):
    time_machine.move_to("2023-12-15 10:00 -05:00")
    old = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    time_machine.move_to("2024-01-20 10:00 -05:00")
    answered = services.file_request(email=EMAIL, kind=RequestKind.CONSULTATION)
    HolderRequest.objects.filter(pk=answered.pk).update(status=RequestStatus.ANSWERED)
    new = services.file_request(email=EMAIL, kind=RequestKind.CONSULTATION)
    response = staff_client(ict_user).get("/panel/datos-personales/")
    assert list(response.context["page"].object_list) == [old, new, answered]
    html = response.content.decode()
    assert html.count("flag-overdue") == 1
    assert html.index(old.tracking_code) < html.index(new.tracking_code)


def test_answering_a_deletion_anonymizes_every_source_and_keeps_the_records(
    entity, staff_client, ict_user
):
    exercise = make_footprint()
    make_footprint("otra@example.org", exercise=exercise, suffix="X")
    holder_request = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    client = staff_client(ict_user)
    detail = f"/panel/datos-personales/{holder_request.pk}/"
    assert "¿Cuándo arreglan la vía 0?" in client.get(detail).content.decode()
    version = site_version()
    with committed():
        response = client.post(detail, {"answer": "Suprimimos sus datos.", "apply": "on"})
    assert site_version() > version  # no cached public page keeps the name or the comment
    assert response.status_code == 302

    question = Question.objects.get(text__contains="vía 0?")
    assert (question.asker_email, question.asker_name, question.asker_phone) == ("", "", "")
    assert "300 123 4567" not in question.text and "[teléfono oculto]" in question.text
    registration = Registration.objects.get(code="RC-00000")
    assert (registration.name, registration.email, registration.phone) == (
        sources.REMOVED,
        "",
        "",
    )
    comment = Comment.objects.get(author_key="key-0")
    assert comment.author_email == "" and EMAIL not in comment.body
    assert SurveyResponse.objects.filter(email_digest="").count() == 1
    assert SurveyResponse.objects.counted().count() == 2  # it still counts
    # Nothing of the other person changed.
    assert Question.objects.filter(asker_email="otra@example.org").count() == 1
    assert all(items == [] for _label, items in sources.collect_all(EMAIL))

    holder_request.refresh_from_db()
    assert holder_request.status == RequestStatus.ANSWERED and holder_request.applied
    entry = AuditEntry.objects.get(action="holders.request_answered")
    assert entry.actor == ict_user and entry.changes["filas"]["Preguntas ciudadanas"] == 1
    assert AuditEntry.objects.filter(action="holders.request_viewed").count() == 1
    assert "Suprimimos sus datos." in mail.outbox[-1].body
    # Answered once only.
    again = client.post(detail, {"answer": "Otra vez", "apply": "on"})
    assert "ya fue respondida" in again.content.decode()


def test_answering_without_applying_changes_nothing(entity, staff_client, ict_user):
    make_footprint()
    holder_request = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    staff_client(ict_user).post(
        f"/panel/datos-personales/{holder_request.pk}/",
        {"answer": "La ley nos obliga a conservarlos porque…"},
    )
    assert Question.objects.filter(asker_email=EMAIL).count() == 1
    holder_request.refresh_from_db()
    assert holder_request.status == RequestStatus.ANSWERED and not holder_request.applied


def test_a_correction_moves_the_contact_data_to_the_new_address(entity, staff_client, ict_user):
    make_footprint()
    holder_request = services.file_request(
        email=EMAIL,
        kind=RequestKind.CORRECTION,
        new_email="ana@nuevo.example",
        new_phone="3109998877",
    )
    staff_client(ict_user).post(
        f"/panel/datos-personales/{holder_request.pk}/", {"answer": "Listo.", "apply": "on"}
    )
    question = Question.objects.get()
    assert (question.asker_email, question.asker_phone) == ("ana@nuevo.example", "3109998877")
    assert Registration.objects.get().email == "ana@nuevo.example"
    assert Comment.objects.get().author_email == "ana@nuevo.example"


def test_a_deletion_closes_the_citizen_account(entity):
    citizen = make_user(Role.CITIZEN, username="ana", email=EMAIL)
    holder_request = services.file_request(email=EMAIL, kind=RequestKind.REVOCATION)
    services.answer_request(holder_request, actor=None, answer="Hecho.", apply=True)
    citizen.refresh_from_db()
    assert not citizen.is_active and citizen.email == "" and not citizen.has_usable_password()


def test_no_source_finds_or_changes_anything_for_an_unknown_address(entity):
    make_footprint()
    for source in sources.SOURCES:
        assert source.collect("nadie@example.org") == []
        assert source.anonymize("nadie@example.org") == 0
        assert source.correct("nadie@example.org", "x@example.org", "1") == 0
    assert Question.objects.filter(asker_email=EMAIL).count() == 1


def test_access_links_of_a_deleted_holder_are_dropped(entity):
    ask_link(Client())
    holder_request = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    services.answer_request(holder_request, actor=None, answer="Hecho.", apply=True)
    assert AccessLink.objects.count() == 0


def test_one_extension_before_the_term_ends(entity, staff_client, ict_user, time_machine):
    # Received Fri 15 Dec 2023, a reclamo is due Wed 10 Jan 2024; eight business days more
    # (11, 12, 15 to 19 and 22 Jan) end Mon 22 Jan 2024.
    time_machine.move_to("2023-12-15 10:00 -05:00")
    holder_request = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    consultation = services.file_request(email=EMAIL, kind=RequestKind.CONSULTATION)
    time_machine.move_to("2024-01-05 10:00 -05:00")
    client = staff_client(ict_user)
    detail = f"/panel/datos-personales/{holder_request.pk}/"
    with committed():
        response = client.post(detail, {"reason": "Revisamos el archivo físico."})
    assert response.status_code == 302
    holder_request.refresh_from_db()
    assert str(holder_request.due_on) == "2024-01-22"
    assert "Revisamos el archivo físico." in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="holders.request_extended").count() == 1
    # Only once.
    again = client.post(detail, {"reason": "Otra vez"})
    assert "ya tuvo una prórroga" in again.content.decode()
    # Never after the term ended: the consulta was due Tue 2 Jan.
    late = client.post(f"/panel/datos-personales/{consultation.pk}/", {"reason": "Tarde"})
    assert "ya venció" in late.content.decode()
    consultation.refresh_from_db()
    assert str(consultation.due_on) == "2024-01-02" and consultation.extended_at is None


def test_a_journalist_in_the_media_directory_is_a_holder_too(entity):
    from rinde.outreach.models import MediaContact, MediaList

    contact = MediaContact.objects.create(
        outlet="Diario Local", scope="local", medium="print", email=EMAIL
    )
    media_list = MediaList.objects.create(name="Medios locales")
    media_list.contacts.add(contact)
    collected = dict(sources.collect_all(EMAIL))
    assert collected["Directorio de medios"] == [
        {
            "medio": "Diario Local",
            "correo": EMAIL,
            "listas": "Medios locales",
            "se dio de baja": None,
        }
    ]
    holder_request = services.file_request(email=EMAIL, kind=RequestKind.DELETION)
    services.answer_request(holder_request, actor=None, answer="Hecho.", apply=True)
    contact.refresh_from_db()
    assert contact.email.endswith(".invalid") and contact.opted_out_at is not None
    assert not contact.lists.exists()


def test_subscriptions_and_project_comments_are_the_holders_too(entity, department):
    """The two sources other apps added: listed on the page, and a deletion removes the
    subscription and strips the comment of who wrote it."""
    from rinde.fieldwork.tests.factories import make_comment, make_project
    from rinde.subscriptions.models import Subscription, Topic

    project = make_project(department)
    comment = make_comment(
        project, body="Ya pusieron las bancas.", name="Ana Pérez", email=EMAIL, authorized=True
    )
    now = timezone.now()
    Subscription.objects.create(
        email=EMAIL,
        topic=Topic.PROJECT,
        target=f"project:{project.pk}",
        project=project,
        authorization_version="v1",
        authorized_at=now,
        requested_at=now,
        confirmed_at=now,
    )
    counts = {label: len(items) for label, items in sources.collect_all(EMAIL)}
    assert counts["Suscripciones por correo"] == 1
    assert counts["Comentarios sobre proyectos del plan"] == 1
    html = logged_in_holder().get(DATA).content.decode()
    assert "Ya pusieron las bancas." in html
    with transaction.atomic():
        for source in sources.SOURCES:
            source.anonymize(EMAIL)
    assert not Subscription.objects.filter(email=EMAIL).exists()
    comment.refresh_from_db()
    assert (comment.author_name, comment.author_email) == ("", "")
    assert comment.body == "Ya pusieron las bancas."
