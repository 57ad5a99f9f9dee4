"""Issue 15's first proof in the browser: a fresh database becomes a new municipality (not
Itagüí) — first administrator, second factor, entity, departments pasted as a list, a
colleague invited who joins with their own second factor — and then runs its first
exercise from the panel: the exercise from the MURC template, the survey and the forum
opened, a citizen answers, comments and asks, the hearing held (its recording added) and
the evaluation collected. No Django admin, no shell.

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
LOCAL = "%Y-%m-%dT%H:%M"


def _enrol_second_factor(page, username: str) -> None:
    page.wait_for_url("**/panel/segundo-factor/**")
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page.get_by_label("Código de verificación").fill(second_factor.current_code(device))
    page.get_by_role("button", name="Activar").click()


def _first_run(live_server, browser):
    """From an empty database to an entity with departments and two colleagues; returns
    the administrator's page and {role: that colleague's page}."""
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

    # Colleagues from planning and communications, invited by e-mail, join with their
    # own second factor.
    colleagues = {}
    for username, role, email in [
        ("cvelez", Role.PLANNING, "planeacion@sanjeronimo.example.org"),
        ("lgiraldo", Role.COMMUNICATIONS, "prensa@sanjeronimo.example.org"),
    ]:
        admin.goto(f"{live_server.url}/panel/personal/")
        admin.locator("#id_email").fill(email)
        admin.locator("#id_role").select_option(role.value)
        admin.get_by_role("button", name="Enviar la invitación").click()
        assert axe_violations(admin) == []
        body = mail.outbox[-1].body
        link = re.search(r"https?://\S+/panel/invitacion/\S+/", body).group(0)
        colleagues[role] = _join(live_server, browser, link, username)
        assert User.objects.get(username=username).role == role
    return admin, colleagues


def _join(live_server, browser, link: str, username: str):
    page = browser.new_context(locale="es-CO").new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    assert axe_violations(page) == []
    page.locator("#id_username").fill(username)
    page.locator("#id_first_name").fill("Camilo")
    page.locator("#id_last_name").fill("Vélez")
    page.locator("#id_password1").fill("otra-clave-larga-2027")
    page.locator("#id_password2").fill("otra-clave-larga-2027")
    page.get_by_role("button", name="Crear mi cuenta").click()
    _enrol_second_factor(page, username)
    page.wait_for_url(f"{live_server.url}/panel/")
    return page


def test_a_new_municipality_is_set_up_from_the_browser(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    admin, _colleagues = _first_run(live_server, browser)
    admin.goto(f"{live_server.url}/panel/primer-uso/")
    # Entity, non-working days, departments and staff done; plan and exercise to come.
    assert admin.get_by_text("(pendiente)").count() == 2

    # The entity's decreed non-working day, and a colleague's role, kept the same way.
    admin.get_by_role("link", name="Días no hábiles", exact=True).click()
    admin.locator("#id_date").fill(f"{timezone.localdate().year}-12-24")
    admin.locator("#id_reason").fill("Vísperas de Navidad")
    admin.get_by_role("button", name="Agregar").click()
    assert admin.get_by_role("button", name=re.compile("Quitar el")).count() == 1
    assert axe_violations(admin) == []
    admin.goto(f"{live_server.url}/panel/personal/")
    admin.get_by_role("link", name=re.compile("Camilo")).first.click()
    assert axe_violations(admin) == []
    admin.locator("#id_position").fill("Profesional de planeación")
    admin.get_by_role("button", name="Guardar").click()
    admin.wait_for_url("**/panel/personal/")
    assert User.objects.get(username="cvelez").position == "Profesional de planeación"


def _fill_window(page, opens, closes) -> None:
    page.locator("#id_opens_at").fill(opens.strftime(LOCAL))
    page.locator("#id_closes_at").fill(closes.strftime(LOCAL))


def _answer_every_question(page) -> None:
    """The evaluation's own questions, whatever the template holds: the first option of
    each group, a sentence in each text box."""
    for group in page.locator("fieldset").all():
        group.locator("input").first.check()
    for box in page.locator("textarea").all():
        box.fill("Bien organizada; faltó tiempo para preguntas.")


def test_its_first_exercise_runs_end_to_end_from_the_panel(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    _admin, colleagues = _first_run(live_server, browser)
    planning, communications = colleagues[Role.PLANNING], colleagues[Role.COMMUNICATIONS]
    now = timezone.localtime()

    # The exercise from the MURC template; its hearing comes with it, tomorrow.
    planning.goto(f"{live_server.url}/panel/rendicion/nuevo/")
    assert axe_violations(planning) == []
    planning.locator("#id_year").fill(str(now.year))
    planning.locator("#id_title").fill(f"Rendición de cuentas {now.year}")
    planning.locator("#id_starts_on").fill(now.date().isoformat())
    planning.locator("#id_ends_on").fill((now + timedelta(days=120)).date().isoformat())
    planning.get_by_label(re.compile("La plantilla MURC")).check()
    planning.locator("#id_hearing_at").fill((now + timedelta(days=1)).strftime("%Y-%m-%dT09:00"))
    planning.locator("#id_is_published").check()
    planning.get_by_role("button", name="Crear ejercicio").click()
    planning.wait_for_url("**/panel/rendicion/*/")
    exercise = Exercise.objects.get()
    hearing = exercise.events.get(kind="hearing")
    assert exercise.stages.exists()

    # The survey (planning) and the forum (communications), opened from the panel.
    planning.goto(f"{live_server.url}/panel/encuesta/nueva/")
    assert axe_violations(planning) == []
    _fill_window(planning, now - timedelta(minutes=5), now + timedelta(days=20))
    planning.locator("#id_topics").fill("Vías rurales\nAgua potable\nSeguridad")
    planning.get_by_role("button", name="Guardar").click()
    planning.wait_for_load_state()
    survey = exercise.surveys.get()
    communications.goto(f"{live_server.url}/panel/foro/nuevo/")
    assert axe_violations(communications) == []
    question_text = "¿Qué debe explicar la alcaldía en la audiencia?"
    communications.locator("#id_question").fill(question_text)
    _fill_window(communications, now - timedelta(minutes=5), now + timedelta(days=20))
    communications.get_by_role("button", name="Guardar").click()
    communications.wait_for_load_state()
    forum = exercise.forums.get()

    # A citizen of San Jerónimo answers the survey, comments in the forum and asks.
    citizen = browser.new_context(locale="es-CO").new_page()
    citizen.set_default_timeout(15_000)
    citizen.goto(f"{live_server.url}/rendicion/{exercise.slug}/")
    page_text = citizen.content()
    assert "San Jerónimo" in page_text and "Itagüí" not in page_text
    assert axe_violations(citizen) == []
    citizen.goto(f"{live_server.url}/rendicion/{exercise.slug}/encuesta/")
    assert axe_violations(citizen) == []
    citizen.get_by_label("Vías rurales").check()
    citizen.wait_for_timeout(3100)  # the anti-spam minimum time to fill
    citizen.get_by_role("button", name="Enviar mis temas").click()
    citizen.wait_for_load_state()
    assert survey.responses.count() == 1

    citizen.goto(f"{live_server.url}/rendicion/{exercise.slug}/foro/")
    assert axe_violations(citizen) == []
    citizen.get_by_role("link", name="Escribir un comentario").click()
    citizen.get_by_label("Su comentario").fill("Que expliquen el avance del acueducto veredal.")
    citizen.wait_for_timeout(3100)
    citizen.get_by_role("button", name="Publicar").click()
    citizen.wait_for_load_state()
    assert forum.comments.count() == 1

    citizen.goto(f"{live_server.url}/rendicion/{exercise.slug}/preguntas/nueva/")
    citizen.get_by_label("Su pregunta").fill("¿Cuándo arreglan la vía a la vereda Los Cedros?")
    citizen.wait_for_timeout(3100)
    citizen.get_by_role("button", name="Enviar la pregunta").click()
    question = Question.objects.get()
    assert question.exercise == exercise
    assert citizen.locator(".tracking-code").inner_text() == question.tracking_code

    # The hearing held: planning adds its recording.
    planning.goto(f"{live_server.url}/panel/rendicion/{exercise.slug}/eventos/{hearing.pk}/")
    planning.locator("#id_recording_url").fill("https://www.youtube.com/watch?v=audiencia1")
    # The accessibility statement promises captions on every video: a recording without
    # them is refused (docs/documents-accessibility.md).
    planning.locator("#id_detalles-recording_has_captions").check()
    planning.get_by_role("button", name=re.compile("Guardar")).click()
    planning.wait_for_load_state()
    hearing.refresh_from_db()
    assert hearing.recording_url.endswith("audiencia1")

    # The evaluation: the form from the template, opened now, answered by the citizen.
    planning.goto(f"{live_server.url}/panel/evaluacion/")
    planning.get_by_role("button", name="Crear con la plantilla").click()
    planning.wait_for_url("**/panel/evaluacion/*/")
    _fill_window(planning, now - timedelta(minutes=5), now + timedelta(days=5))
    planning.get_by_role("button", name="Guardar").click()
    planning.wait_for_load_state()
    evaluation = hearing.evaluation_form
    evaluation.refresh_from_db()
    assert evaluation.is_open(timezone.now())

    citizen.goto(f"{live_server.url}/rendicion/{exercise.slug}/evaluacion/")
    assert axe_violations(citizen) == []
    _answer_every_question(citizen)
    citizen.wait_for_timeout(3100)
    citizen.get_by_role("button", name="Enviar mi evaluación").click()
    citizen.wait_for_load_state()
    assert evaluation.responses.count() == 1
