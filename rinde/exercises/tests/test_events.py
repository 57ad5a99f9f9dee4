import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from rinde.core.antispam import sign_start
from rinde.exercises import mailings, services
from rinde.exercises.models import AgendaItem, EventDetails, Registration
from rinde.exercises.tests.factories import make_exercise, make_hearing

pytestmark = pytest.mark.django_db


def _future_hearing(**details):
    exercise = make_exercise(timezone.now().year)
    start = timezone.now() + timedelta(days=10)
    event = make_hearing(
        exercise,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Auditorio CAMI",
        stream_url="https://www.facebook.com/AlcaldiadeItagui/live",
    )
    if details:
        EventDetails.objects.create(event=event, **details)
    return event


def _url(event, tail=""):
    return f"/rendicion/{event.exercise.year}/eventos/{event.pk}/{tail}"


def _data(**overrides):
    data = {
        "name": "Ana Pérez",
        "email": "ana@example.com",
        "phone": "",
        "population_group": "",
        "consent": "on",
        "started": sign_start(timezone.now().timestamp() - 30),
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_event_page_shows_agenda_rules_and_a_stream_link_without_embedding_it(client, entity):
    event = _future_hearing(
        capacity=100, rules="Tres minutos por persona.", accessibility="Intérprete de señas"
    )
    AgendaItem.objects.create(
        event=event, starts_at="08:00", topic="Instalación", speaker="Alcalde"
    )
    response = client.get(_url(event))
    assert response.status_code == 200
    text = response.text
    assert "Instalación" in text and "Tres minutos por persona." in text
    assert "Intérprete de señas" in text
    assert "<iframe" not in text
    assert 'href="https://www.facebook.com/AlcaldiadeItagui/live"' in text
    assert "exercises/stream.js" in text
    assert "<script>" not in text
    assert "https://www.facebook.com" in response["Content-Security-Policy"]


def test_the_event_page_keeps_a_constant_query_count(client, entity, django_assert_num_queries):
    event = _future_hearing(capacity=100)
    client.get(_url(event))
    with django_assert_num_queries(3):
        client.get(_url(event))
    for hour in range(8, 12):
        AgendaItem.objects.create(event=event, starts_at=f"{hour}:00", topic="Tema")
    with django_assert_num_queries(3):
        client.get(_url(event))


def test_an_event_has_an_icalendar_file_and_the_site_a_calendar_feed(client, entity):
    event = _future_hearing()
    ics = client.get(_url(event, "evento.ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Audiencia pública" in body
    assert "DTSTART:" in body and body.endswith("END:VCALENDAR\r\n")
    feed = client.get("/rendicion/calendario.ics").content.decode()
    assert f"UID:evento-{event.pk}@" in feed


def test_a_stream_from_an_unknown_host_is_refused_in_spanish():
    from django.core.exceptions import ValidationError

    event = _future_hearing()
    event.stream_url = "https://stream.example.com/live"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "Facebook o YouTube" in str(error.value)


def test_a_citizen_registers_to_attend_and_gets_a_code_and_an_email(
    client, entity, django_capture_on_commit_callbacks
):
    event = _future_hearing(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(event, "inscripcion/asistir/"), _data())
    assert response.status_code == 303
    registration = Registration.objects.get()
    assert response["Location"].endswith(f"/inscrito/{registration.code}/")
    assert registration.data_consent_version == services.DATA_CONSENT_VERSION
    assert registration.population_group == ""
    page = client.get(response["Location"]).text
    assert registration.code in page
    assert "Ana Pérez" not in page and "ana@example.com" not in page
    assert len(mail.outbox) == 1 and registration.code in mail.outbox[0].body


def test_registering_to_intervene_needs_a_topic_and_a_summary(client, entity):
    event = _future_hearing()
    response = client.post(_url(event, "inscripcion/intervenir/"), _data(topic="Vías"))
    assert response.status_code == 200
    assert "Este campo es obligatorio" in response.text
    assert 'value="Vías"' in response.text
    assert not Registration.objects.exists()
    response = client.post(
        _url(event, "inscripcion/intervenir/"), _data(topic="Vías", summary="El puente")
    )
    assert response.status_code == 303
    assert Registration.objects.get().kind == "intervene"


def test_a_population_group_needs_its_own_authorization(client, entity):
    event = _future_hearing()
    response = client.post(_url(event, "inscripcion/asistir/"), _data(population_group="older"))
    assert response.status_code == 200
    assert "marque esta autorización" in response.text
    client.post(
        _url(event, "inscripcion/asistir/"), _data(population_group="older", sensitive="on")
    )
    registration = Registration.objects.get()
    assert registration.population_group == "older" and registration.sensitive_data_consent


def test_without_contact_or_consent_or_with_a_script_nothing_is_saved(client, entity):
    event = _future_hearing()
    url = _url(event, "inscripcion/asistir/")
    assert "Deje un correo electrónico o un teléfono" in client.post(url, _data(email="")).text
    assert "debe aceptar el tratamiento" in client.post(url, _data(consent="")).text
    response = client.post(url, _data(name="<script>alert(1)</script>"))
    assert "Escriba solo texto" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert not Registration.objects.exists()


def test_a_duplicate_registration_is_refused(client, entity):
    event = _future_hearing()
    url = _url(event, "inscripcion/asistir/")
    client.post(url, _data())
    response = client.post(url, _data(email="ANA@example.com", name="Ana otra vez"))
    assert response.status_code == 200
    assert "Ya hay una inscripción con ese dato de contacto" in response.text
    assert "Ana otra vez" in response.text
    assert Registration.objects.count() == 1


def test_a_registration_over_capacity_is_refused(client, entity):
    event = _future_hearing(capacity=1)
    url = _url(event, "inscripcion/asistir/")
    client.post(url, _data())
    response = client.post(url, _data(email="otra@example.com"))
    assert "El aforo del evento está completo" in response.text
    assert Registration.objects.count() == 1


def test_registrations_to_intervene_take_seats_and_are_refused_on_a_full_event(client, entity):
    event = _future_hearing(capacity=2)
    client.post(_url(event, "inscripcion/asistir/"), _data())
    speak = _url(event, "inscripcion/intervenir/")
    for n in range(3):
        response = client.post(
            speak, _data(email=f"p{n}@example.com", topic="Vías", summary="El puente")
        )
    assert "El aforo del evento está completo" in response.text
    assert Registration.objects.count() == 2
    # The seat an intervention took is no longer offered to someone who wants to attend.
    response = client.post(_url(event, "inscripcion/asistir/"), _data(email="x@example.com"))
    assert "El aforo del evento está completo" in response.text
    assert "quedan 0 cupos" in client.get(_url(event)).text


def test_a_past_event_takes_no_registrations(client, entity):
    exercise = make_exercise(2023)
    event = make_hearing(exercise)
    response = client.post(_url(event, "inscripcion/asistir/"), _data())
    assert "Este evento ya pasó" in response.text
    assert not Registration.objects.exists()


def test_a_bot_filling_the_honeypot_is_refused(client, entity):
    event = _future_hearing()
    client.post(_url(event, "inscripcion/asistir/"), _data(website="http://spam"))
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["attend", "intervene"])
def test_concurrent_requests_for_the_last_seats_never_overbook(entity, kind):
    event = _future_hearing(capacity=2)
    errors = []

    def attempt(n):
        try:
            services.register(
                event=event, kind=kind, data={"name": f"P{n}", "email": f"p{n}@example.com"}
            )
        except services.RegistrationRefused:
            pass
        except Exception as exc:  # noqa: BLE001 - a lock timeout would be a failure to report
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = Registration.objects.filter(event=event).count()
    if connection.vendor == "postgresql":
        # Row locks queue the requests: exactly the capacity is taken, nobody errs.
        assert (taken, errors) == (2, [])
    else:
        # SQLite's shared in-memory test database answers concurrent writers with "locked"
        # instead of waiting; still, never more than the capacity.
        assert 1 <= taken <= 2
        assert all("locked" in str(e) for e in errors), errors


def test_staff_list_export_and_check_in_registrations(staff_client, planning_user, entity):
    event = _future_hearing()
    registration = services.register(
        event=event,
        kind="attend",
        data={"name": "=cmd|calc", "phone": "3001234567", "topic": "\t=1+1"},
    )
    client = staff_client(planning_user)
    page = client.get(f"/panel/rendicion/eventos/{event.pk}/inscripciones/")
    assert page.status_code == 200 and registration.code in page.text
    csv_text = b"".join(
        client.get(f"/panel/rendicion/eventos/{event.pk}/inscripciones.csv").streaming_content
    ).decode()
    assert "'=cmd|calc" in csv_text and "3001234567" in csv_text and "'\t=1+1" in csv_text
    xlsx = client.get(f"/panel/rendicion/eventos/{event.pk}/inscripciones.xlsx")
    xlsx_bytes = b"".join(xlsx.streaming_content)
    assert xlsx.status_code == 200 and xlsx_bytes[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx_bytes)).active
    # Text stays as typed: a text cell needs no apostrophe.
    assert sheet["A2"].value == registration.code and sheet["C2"].value == "=cmd|calc"
    assert sheet["C2"].data_type == "s"
    response = client.post(f"/panel/rendicion/inscripciones/{registration.pk}/asistencia/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_registrations_are_not_for_anonymous_visitors_or_oversight_members(
    client, staff_client, oversight_user, entity
):
    event = _future_hearing()
    assert client.get(f"/panel/rendicion/eventos/{event.pk}/inscripciones.csv").status_code == 302
    response = staff_client(oversight_user).get(
        f"/panel/rendicion/eventos/{event.pk}/inscripciones/"
    )
    assert response.status_code == 403


def test_registrants_get_a_reminder_the_day_before_only_once(entity):
    event = _future_hearing()
    services.register(event=event, kind="attend", data={"name": "Ana", "email": "a@example.com"})
    services.register(event=event, kind="attend", data={"name": "Luis", "phone": "3001234567"})
    mail.outbox.clear()
    day_before = timezone.localdate(event.starts_at) - timedelta(days=1)
    assert mailings.send_reminders(day_before) == 1
    assert mailings.send_reminders(day_before) == 0
    assert len(mail.outbox) == 1 and "Mañana" in mail.outbox[0].subject


def test_the_exercise_page_shows_registration_and_attendance_counts_without_names(client, entity):
    event = _future_hearing()
    registration = services.register(
        event=event, kind="attend", data={"name": "Ana Secreta", "email": "a@example.com"}
    )
    services.check_in(registration=registration, actor=None)
    text = client.get(f"/rendicion/{event.exercise.year}/").text
    assert "1 persona inscrita" in text and "1 asistente registrado" in text
    assert "Ana Secreta" not in text and "a@example.com" not in text


def test_a_replayed_registration_post_is_refused(client, entity):
    event = _future_hearing(capacity=100)
    data = _data()
    assert client.post(_url(event, "inscripcion/asistir/"), data).status_code == 303
    replay = client.post(_url(event, "inscripcion/asistir/"), {**data, "email": "otra@example.com"})
    assert "Este formulario ya se había enviado" in replay.text
    assert "otra@example.com" in replay.text
    assert Registration.objects.filter(event=event).count() == 1
