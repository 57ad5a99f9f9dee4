from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.core.tests.browser import axe_violations
from rinde.evaluation import figures, services
from rinde.evaluation.models import EvaluationForm, Response
from rinde.exercises.models import Event, EventKind
from rinde.questions.tests.factories import make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_evaluates_from_a_phone_and_results_appear_after_closing(
    live_server, browser, entity, planning_user
):
    exercise = make_exercise()
    now = timezone.now()
    event = Event.objects.create(
        exercise=exercise,
        kind=EventKind.HEARING,
        title="Audiencia",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    form = services.create_form(event=event, actor=planning_user)
    context = browser.new_context(locale="es-CO", viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/ev/2023/")
    assert axe_violations(page) == []
    page.get_by_label("Redes sociales").check()
    page.get_by_label("Clara").check()
    page.get_by_label("Bien organizada").check()
    page.get_by_label("Adecuada", exact=True).check()
    page.get_by_label("A profundidad").check()
    for group in ("¿La información presentada", "¿Cree que las audiencias"):
        page.get_by_role("group", name=group).get_by_label("Sí").check()
    page.get_by_label("Muy importante").check()
    page.wait_for_timeout(3100)
    page.get_by_role("button", name="Enviar mi evaluación").click()
    assert "Gracias: recibimos su evaluación" in page.content()
    assert Response.objects.count() == 1
    EvaluationForm.objects.filter(pk=form.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    page.goto(live_server.url + "/rendicion/2023/evaluacion/")
    assert "Resultados de la evaluación" in page.content()
    assert axe_violations(page) == []
    report = services.start_report(exercise=exercise, actor=planning_user)
    services.publish_report(report, actor=planning_user, figures=figures.collect(exercise))
    page.goto(live_server.url + "/rendicion/2023/evaluacion/informe/")
    assert axe_violations(page) == []
    context.close()
