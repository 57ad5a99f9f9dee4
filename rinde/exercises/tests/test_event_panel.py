from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.core.models import AuditEntry
from rinde.exercises.models import AgendaItem, Event, EventDetails
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


def _data(start, **overrides):
    data = {
        "kind": "hearing",
        "title": "Audiencia pública 2026",
        "starts_at": start.strftime("%Y-%m-%dT08:00"),
        "ends_at": start.strftime("%Y-%m-%dT11:00"),
        "modality": "hybrid",
        "place": "Auditorio CAMI",
        "address": "Carrera 51",
        "stream_url": "https://www.facebook.com/AlcaldiadeItagui/live",
        "recording_url": "",
        "detalles-capacity": "200",
        "detalles-rules": "Tres minutos",
        "detalles-accessibility": "Intérprete de señas",
        "detalles-registration_open": "on",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-starts_at": "08:00",
        "agenda-0-topic": "Instalación",
        "agenda-0-speaker": "Alcalde",
    }
    data.update(overrides)
    return data


def test_staff_schedule_the_hearing_with_details_and_agenda(staff_client, planning_user, entity):
    make_exercise(2026)
    start = timezone.localtime() + timedelta(days=20)
    response = staff_client(planning_user).post(
        "/panel/rendicion/2026/eventos/nuevo/", _data(start)
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert EventDetails.objects.get(event=event).capacity == 200
    assert AgendaItem.objects.get(event=event).topic == "Instalación"
    assert AuditEntry.objects.filter(action="exercises.event_create").count() == 1
    page = staff_client(planning_user).get(f"/panel/rendicion/2026/eventos/{event.pk}/")
    assert page.status_code == 200 and 'value="Instalación"' in page.text


def test_a_past_date_or_an_unknown_stream_host_is_refused_and_the_input_kept(
    staff_client, planning_user, entity
):
    make_exercise(2026)
    client = staff_client(planning_user)
    past = timezone.localtime() - timedelta(days=3)
    response = client.post("/panel/rendicion/2026/eventos/nuevo/", _data(past))
    assert "La fecha del evento ya pasó" in response.text
    assert "Intérprete de señas" in response.text
    future = timezone.localtime() + timedelta(days=3)
    response = client.post(
        "/panel/rendicion/2026/eventos/nuevo/",
        _data(future, stream_url="https://evil.example.com/live"),
    )
    assert "Facebook o YouTube" in response.text
    assert not Event.objects.exists() and not AgendaItem.objects.exists()


def test_the_event_form_is_for_planning_and_communications_only(
    client, staff_client, oversight_user, entity
):
    make_exercise(2026)
    assert client.get("/panel/rendicion/2026/eventos/nuevo/").status_code == 302
    response = staff_client(oversight_user).get("/panel/rendicion/2026/eventos/nuevo/")
    assert response.status_code == 403


def test_editing_an_event_keeps_changes_its_agenda_and_records_before_and_after(
    staff_client, planning_user, entity
):
    make_exercise(2026)
    client = staff_client(planning_user)
    start = timezone.localtime() + timedelta(days=20)
    two_rows = {"agenda-1-starts_at": "09:00", "agenda-1-topic": "Informe"}
    client.post("/panel/rendicion/2026/eventos/nuevo/", _data(start, **two_rows))
    event = Event.objects.get()
    opening, report = AgendaItem.objects.filter(event=event).order_by("starts_at")
    edit = _data(
        start,
        place="Teatro",
        **{
            "detalles-capacity": "150",
            "agenda-TOTAL_FORMS": "3",
            "agenda-INITIAL_FORMS": "2",
            "agenda-0-id": str(opening.pk),
            "agenda-0-topic": "Apertura",
            "agenda-1-id": str(report.pk),
            "agenda-1-starts_at": "09:00",
            "agenda-1-topic": "Informe",
            "agenda-1-DELETE": "on",
            "agenda-2-starts_at": "10:00",
            "agenda-2-topic": "Preguntas",
        },
    )
    response = client.post(f"/panel/rendicion/2026/eventos/{event.pk}/", edit)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.place, event.details.capacity) == ("Teatro", 150)
    agenda = list(AgendaItem.objects.filter(event=event).values_list("pk", "topic"))
    assert agenda[0] == (opening.pk, "Apertura") and [t for _, t in agenda] == [
        "Apertura",
        "Preguntas",
    ]
    entry = AuditEntry.objects.get(action="exercises.event_update")
    assert entry.changes["place"] == ["Auditorio CAMI", "Teatro"]
    assert entry.changes["capacity"] == [200, 150]
    assert entry.changes["agenda"] == [
        ["08:00 Instalación (Alcalde)", "09:00 Informe"],
        ["08:00 Apertura (Alcalde)", "10:00 Preguntas"],
    ]
    assert "title" not in entry.changes
