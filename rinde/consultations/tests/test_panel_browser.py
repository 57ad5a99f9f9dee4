"""In a browser: a new exercise's survey, forum and evaluation pages before they exist,
then each set up from the panel (no Django admin), every page axe-clean."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.accounts.tests.factories import login_verified
from rinde.consultations.models import Forum, Survey, SurveyResponse
from rinde.core.tests.browser import axe_violations
from rinde.evaluation.models import EvaluationForm
from rinde.exercises.tests.factories import make_exercise
from rinde.outreach.models import Episode
from rinde.questions.tests.factories import make_hearing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FMT = "%Y-%m-%dT%H:%M"


def test_a_new_exercise_is_set_up_from_the_panel(live_server, browser, entity, admin_user):
    from django.test import Client

    today = timezone.localdate()
    exercise = make_exercise(2027, slug="2027", title="Rendición de Cuentas 2027")
    make_hearing(exercise, today + timedelta(days=40))
    Episode.objects.create(
        exercise=exercise, aired_on=today, tv_channel="Canal local", topics="Obras"
    )
    citizen = browser.new_context(locale="es-CO")
    public = citizen.new_page()
    for path, text in [
        ("encuesta/", "aún no está abierta"),
        ("foro/", "aún no está abierto"),
        ("evaluacion/", "se abre al comenzar la audiencia pública"),
        ("evaluacion/informe/", "aún no está publicado"),
    ]:
        response = public.goto(f"{live_server.url}/rendicion/2027/{path}")
        assert response.status == 200 and text in public.content()
        assert axe_violations(public) == [], path

    staff_context = browser.new_context(locale="es-CO")
    client = Client()
    login_verified(client, admin_user)
    staff_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    staff = staff_context.new_page()
    opens = timezone.localtime() - timedelta(hours=1)
    closes = opens + timedelta(days=15)

    staff.goto(live_server.url + "/panel/encuesta/")
    staff.get_by_role("link", name="Crear la encuesta de Rendición de Cuentas 2027").click()
    assert axe_violations(staff) == []
    staff.get_by_label("Abre").fill(opens.strftime(FMT))
    staff.get_by_label("Cierra").fill(closes.strftime(FMT))
    staff.get_by_label("Temas").fill("Vías\nSalud\nEducación")
    staff.get_by_role("button", name="Guardar").click()
    assert "Cambios guardados." in staff.content()
    assert axe_violations(staff) == []
    survey = Survey.objects.get(exercise=exercise)

    staff.goto(live_server.url + "/panel/foro/")
    staff.get_by_role("link", name="Abrir el foro de Rendición de Cuentas 2027").click()
    assert axe_violations(staff) == []
    staff.get_by_label("Pregunta abierta").fill("¿Qué opina del informe de gestión?")
    staff.get_by_label("Abre").fill(opens.strftime(FMT))
    staff.get_by_label("Cierra").fill(closes.strftime(FMT))
    staff.get_by_role("button", name="Guardar").click()
    assert Forum.objects.filter(exercise=exercise).exists()

    staff.goto(live_server.url + "/panel/evaluacion/")
    staff.get_by_role("button", name="Crear con la plantilla").click()
    form_obj = EvaluationForm.objects.get(event__exercise=exercise)
    staff.get_by_role("link", name="Editar el título, la presentación y las preguntas").click()
    assert axe_violations(staff) == []
    staff.get_by_role("link", name="Agregar una pregunta").click()
    assert axe_violations(staff) == []
    staff.get_by_label("Pregunta (obligatorio)", exact=True).fill("¿Volvería a participar?")
    staff.get_by_label("Tipo").select_option("yes_no")
    staff.get_by_role("button", name="Guardar").click()
    assert form_obj.questions.filter(text="¿Volvería a participar?").exists()
    assert axe_violations(staff) == []

    staff.goto(live_server.url + "/panel/difusion/?ejercicio=2027")
    staff.get_by_role("link", name="Canal local").first.click()
    assert axe_violations(staff) == []
    staff.get_by_role("link", name="Eliminar esta emisión").click()
    assert axe_violations(staff) == []
    staff.get_by_role("button", name="Sí, eliminar").click()
    assert not Episode.objects.exists()

    public.goto(live_server.url + "/rendicion/2027/encuesta/")
    public.get_by_label("Salud").check()
    public.wait_for_timeout(3100)  # the anti-spam minimum time to fill
    public.get_by_role("button", name="Enviar mis temas").click()
    assert "Gracias: recibimos sus temas" in public.content()
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    public.goto(live_server.url + "/rendicion/2027/foro/")
    assert "¿Qué opina del informe de gestión?" in public.content()
    assert axe_violations(public) == []
    staff_context.close()
    citizen.close()
