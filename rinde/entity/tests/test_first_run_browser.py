"""Issue 15's first proof, as far as the panel goes today: a fresh database becomes a new
municipality (not Itagüí) through the browser only — first administrator, second factor,
entity, departments pasted as a list, a colleague invited who joins with their second
factor, the first exercise from the template with its hearing — and a citizen asks.

The test stands in for two things outside the browser: the server log where the operator
reads the first-run code, and the phone's authenticator app (second_factor.current_code).
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rinde.accounts import invitations, second_factor
from rinde.accounts.models import Role, User
from rinde.core.tests.browser import axe_violations
from rinde.entity.models import Department, Entity
from rinde.exercises.models import Exercise
from rinde.questions.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEPARTMENTS = """Secretaría de Gobierno; Julián Restrepo; Secretario de Gobierno
Secretaría de Hacienda; Paula Arango; Secretaria de Hacienda
Departamento Administrativo de Planeación; Camilo Vélez; Director
Oficina de Control Interno
"""


def _enrol_second_factor(page, username: str) -> None:
    page.wait_for_url("**/panel/segundo-factor/**")
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page.get_by_label("Código de verificación").fill(second_factor.current_code(device))
    page.get_by_role("button", name="Activar").click()


def test_a_new_municipality_is_set_up_and_runs_its_first_exercise_from_the_panel(
    live_server, browser, settings
):
    settings.SITE_URL = live_server.url
    admin = browser.new_context(locale="es-CO").new_page()
    admin.set_default_timeout(15_000)

    # The first administrator, from the login page of an empty installation.
    admin.goto(f"{live_server.url}/panel/ingresar/")
    admin.get_by_role("link", name="Crear la cuenta del primer administrador").click()
    assert axe_violations(admin) == []
    admin.locator("#id_code").fill(invitations.first_admin_code())
    admin.locator("#id_username").fill("dmarin")
    admin.locator("#id_email").fill("sistemas@sanjeronimo.example.org")
    admin.locator("#id_first_name").fill("Diana")
    admin.locator("#id_last_name").fill("Marín")
    admin.locator("#id_password1").fill("clave-de-primer-uso-2027")
    admin.locator("#id_password2").fill("clave-de-primer-uso-2027")
    admin.get_by_role("button", name="Crear la cuenta").click()
    _enrol_second_factor(admin, "dmarin")

    # The panel opens on the first-run checklist until the entity exists.
    admin.wait_for_url("**/panel/primer-uso/")
    assert axe_violations(admin) == []
    admin.get_by_role("link", name="La entidad").click()
    assert axe_violations(admin) == []
    fields = {
        "name": "Alcaldía de San Jerónimo",
        "short_name": "San Jerónimo",
        "municipality": "San Jerónimo",
        "departamento": "Antioquia",
        "nit": "890981234-5",
        "address": "Carrera 10 # 9-20, parque principal",
        "opening_hours": "Lunes a viernes, 7 a. m. a 4 p. m.",
        "office_hours_cutoff": "16:00",
        "phones": "(604) 111 22 33",
        "email": "contacto@sanjeronimo.example.org",
        "judicial_email": "judicial@sanjeronimo.example.org",
    }
    for name, value in fields.items():
        admin.locator(f"#id_{name}").fill(value)
    admin.get_by_role("button", name="Guardar").click()
    admin.wait_for_url("**/panel/primer-uso/")
    assert Entity.objects.get().name == "Alcaldía de San Jerónimo"

    # Departments pasted as a list, previewed, then saved.
    admin.get_by_role("link", name="Las dependencias").click()
    admin.get_by_role("link", name=re.compile("Agregar varias")).click()
    admin.locator("#id_text").fill(DEPARTMENTS)
    admin.get_by_role("button", name="Ver la vista previa").click()
    assert axe_violations(admin) == []
    admin.get_by_role("button", name="Guardar estas dependencias").click()
    admin.wait_for_url("**/panel/entidad/dependencias/")
    assert Department.objects.count() == 4
    assert axe_violations(admin) == []

    # A colleague from planning, invited by e-mail.
    admin.goto(f"{live_server.url}/panel/primer-uso/")
    admin.get_by_role("link", name="El personal").click()
    admin.locator("#id_email").fill("planeacion@sanjeronimo.example.org")
    admin.locator("#id_role").select_option("planning")
    admin.get_by_role("button", name="Enviar la invitación").click()
    assert axe_violations(admin) == []
    link = re.search(r"https?://\S+/panel/invitacion/\S+/", mail.outbox[-1].body).group(0)

    colleague = browser.new_context(locale="es-CO").new_page()
    colleague.goto(link)
    assert axe_violations(colleague) == []
    colleague.locator("#id_username").fill("cvelez")
    colleague.locator("#id_first_name").fill("Camilo")
    colleague.locator("#id_last_name").fill("Vélez")
    colleague.locator("#id_password1").fill("otra-clave-larga-2027")
    colleague.locator("#id_password2").fill("otra-clave-larga-2027")
    colleague.get_by_role("button", name="Crear mi cuenta").click()
    _enrol_second_factor(colleague, "cvelez")
    colleague.wait_for_url(f"{live_server.url}/panel/")
    assert User.objects.get(username="cvelez").role == Role.PLANNING

    # The first exercise, from the template, created by the planning office.
    today = timezone.localdate()
    colleague.goto(f"{live_server.url}/panel/rendicion/nuevo/")
    colleague.locator("#id_year").fill(str(today.year))
    colleague.locator("#id_title").fill(f"Rendición de cuentas {today.year}")
    colleague.locator("#id_starts_on").fill(today.isoformat())
    colleague.locator("#id_ends_on").fill((today + timedelta(days=120)).isoformat())
    colleague.locator("#id_is_published").check()
    colleague.get_by_role("button", name="Crear ejercicio").click()
    exercise = Exercise.objects.get()
    colleague.wait_for_url(f"**/panel/rendicion/{exercise.slug}/")
    assert exercise.stages.exists()

    # Its hearing, in a week.
    hearing_at = timezone.localtime() + timedelta(days=7)
    colleague.goto(f"{live_server.url}/panel/rendicion/{exercise.slug}/eventos/nuevo/")
    colleague.locator("#id_kind").select_option("hearing")
    colleague.locator("#id_title").fill("Audiencia pública de rendición de cuentas")
    colleague.locator("#id_starts_at").fill(hearing_at.strftime("%Y-%m-%dT09:00"))
    colleague.locator("#id_ends_at").fill(hearing_at.strftime("%Y-%m-%dT12:00"))
    colleague.locator("#id_place").fill("Casa de la Cultura")
    colleague.get_by_role("button", name=re.compile("Guardar|Crear")).click()
    assert exercise.events.filter(kind="hearing").exists()

    # A citizen reads the exercise of San Jerónimo and asks.
    citizen = browser.new_context(locale="es-CO").new_page()
    citizen.goto(f"{live_server.url}/rendicion/{exercise.slug}/")
    exercise_page = citizen.content()
    assert "San Jerónimo" in exercise_page
    assert axe_violations(citizen) == []
    citizen.goto(f"{live_server.url}/rendicion/{exercise.slug}/preguntas/nueva/")
    citizen.get_by_label("Su pregunta").fill("¿Cuándo arreglan la vía a la vereda Los Cedros?")
    citizen.wait_for_timeout(3100)  # the anti-spam minimum time to fill
    citizen.get_by_role("button", name="Enviar la pregunta").click()
    question = Question.objects.get()
    assert question.exercise == exercise
    assert citizen.locator(".tracking-code").inner_text() == question.tracking_code

    # Every step of the checklist but the plan is now done.
    admin.goto(f"{live_server.url}/panel/primer-uso/")
    assert admin.get_by_text("(pendiente)").count() == 1

    # Still to come from the other branches of issue 15 (the integrator turns each into a
    # plain step here as it lands): the survey and forum opened from the panel, a citizen
    # answering and commenting, the hearing held and the evaluation collected. Until the
    # entity-neutral MURC template lands, the exercise still carries Itagüí 2023's text:
    if "Itagüí" in exercise_page:
        pytest.xfail("the exercise template is still Itagüí 2023's text (exercise branch)")
