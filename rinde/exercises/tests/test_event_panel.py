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
