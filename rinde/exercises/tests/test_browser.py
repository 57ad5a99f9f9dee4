"""The exercise pages as a person meets them: axe-core, a phone-sized registration, the
stream loading only on request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.exercises import services
from rinde.exercises.models import AgendaItem, EventDetails, Registration
from rinde.exercises.tests.factories import make_exercise, make_hearing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _story():
    exercise = make_exercise(timezone.now().year)
    services.apply_template(exercise)
    start = timezone.now() + timedelta(days=5)
    event = make_hearing(
        exercise,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Auditorio CAMI",
        stream_url="https://www.youtube.com/watch?v=abc123",
    )
    EventDetails.objects.create(event=event, capacity=50, rules="Tres minutos por persona.")
    AgendaItem.objects.create(event=event, starts_at="08:00", topic="Instalación")
    return exercise, event


def test_the_exercise_and_event_pages_have_no_axe_violations(live_server, page, entity):
    from rinde.core.tests.browser import axe_violations

    exercise, event = _story()
    page.goto(f"{live_server.url}/rendicion/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/rendicion/{exercise.year}/")
    assert page.get_by_role("heading", level=1).inner_text() == exercise.title
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/rendicion/{exercise.year}/eventos/{event.pk}/")
    assert axe_violations(page) == []


def test_the_stream_loads_only_after_the_visitor_asks(live_server, page, entity):
    exercise, event = _story()
    third_party = []
    page.on(
        "request",
        lambda r: third_party.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/rendicion/{exercise.year}/eventos/{event.pk}/")
    assert page.locator("iframe").count() == 0
    assert third_party == []
    page.get_by_role("button", name="Cargar el video aquí").click()
    frame = page.locator("iframe")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abc123"
    assert frame.get_attribute("title").startswith("Transmisión en vivo")


def test_a_citizen_registers_from_a_phone_and_sees_the_code(live_server, browser, entity):
    from rinde.core.tests.browser import axe_violations

    exercise, event = _story()
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/rendicion/{exercise.year}/eventos/{event.pk}/")
    phone.get_by_role("link", name="Inscribirme para asistir").click()
    assert axe_violations(phone) == []
    phone.get_by_label("Nombre completo").fill("Ana Pérez")
    phone.get_by_label("Correo electrónico").fill("ana@example.com")
    phone.get_by_label("Autorizo a la entidad").check()
    phone.wait_for_timeout(3100)  # the anti-spam minimum time to fill
    phone.get_by_role("button", name="Enviar inscripción").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Inscripción recibida"
    code = Registration.objects.get().code
    assert code in phone.locator(".tracking-code").inner_text()
    assert axe_violations(phone) == []
    context.close()


def test_staff_create_next_years_exercise_from_the_template_in_the_browser(
    live_server, page, entity, planning_user
):
    from django.test import Client

    from rinde.accounts.tests.factories import login_verified
    from rinde.core.tests.browser import axe_violations
    from rinde.exercises.models import Action, Exercise

    client = Client()
    login_verified(client, planning_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    year = timezone.now().year + 1
    page.goto(f"{live_server.url}/panel/rendicion/nuevo/")
    assert axe_violations(page) == []
    page.get_by_label("Año").fill(str(year))
    page.get_by_label("Título").fill(f"Rendición de cuentas {year}")
    page.get_by_label("Inicio").fill(f"{year}-01-15")
    page.get_by_label("Fin", exact=False).first.fill(f"{year}-12-31")
    page.get_by_label("La plantilla MURC", exact=False).check()
    page.get_by_label("Fecha y hora de la audiencia pública").fill(f"{year}-11-18T09:00")
    page.get_by_role("button", name="Crear ejercicio").click()
    page.wait_for_url(f"{live_server.url}/panel/rendicion/{year}/")
    assert page.get_by_role("heading", name="Calendario legal").is_visible()
    assert axe_violations(page) == []
    exercise = Exercise.objects.get(slug=str(year))
    assert Action.objects.filter(stage__exercise=exercise, due_on__isnull=False).count() > 10
    page.get_by_role("link", name="Agregar una acción").click()
    assert axe_violations(page) == []
