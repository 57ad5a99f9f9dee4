from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.consultations.models import Survey, SurveyOption, SurveyResponse
from rinde.core.tests.browser import axe_violations
from rinde.exercises.tests.factories import make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_answers_the_survey_on_a_phone(live_server, browser, entity):
    exercise = make_exercise()
    now = timezone.now()
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere conocer?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    context = browser.new_context(locale="es-CO", viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/rendicion/2023/encuesta/")
    assert axe_violations(page) == []
    page.get_by_label("Vías").check()
    page.wait_for_timeout(3100)
    page.get_by_role("button", name="Enviar mis temas").click()
    assert "Gracias: recibimos sus temas" in page.content()
    assert SurveyResponse.objects.count() == 1
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page.goto(live_server.url + "/rendicion/2023/encuesta/")
    assert axe_violations(page) == []
    context.close()


def test_the_forum_page_has_no_axe_violations(live_server, page, entity):
    from rinde.consultations.models import Comment, Forum

    now = timezone.now()
    forum = Forum.objects.create(
        exercise=make_exercise(),
        question="¿Qué opina del informe?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    top = Comment.objects.create(forum=forum, body="Buen informe.", author_key="k")
    Comment.objects.create(forum=forum, parent=top, body="De acuerdo.", author_key="k")
    page.goto(live_server.url + "/rendicion/2023/foro/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Responder").click()
    assert page.get_by_role("heading", name="Responder un comentario").is_visible()
    assert "Buen informe." in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Su comentario").fill("Estoy de acuerdo con el informe.")
    page.wait_for_timeout(3100)  # the anti-spam minimum time to fill
    page.get_by_role("button", name="Publicar").click()
    assert "Su comentario quedó publicado." in page.content()
    assert "Estoy de acuerdo con el informe." in page.content()
    page.get_by_role("link", name="Reportar el comentario de Anónimo").first.click()
    assert page.get_by_role("heading", name="Reportar un comentario").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Motivo").select_option("spam")
    page.wait_for_timeout(3100)  # a report is a public form too (FlagForm)
    page.get_by_role("button", name="Enviar reporte").click()
    assert "un moderador revisará el comentario" in page.content()


def test_a_citizen_confirms_the_answer_from_the_email_link(live_server, page, entity):
    import re

    from django.core import mail

    now = timezone.now()
    survey = Survey.objects.create(
        exercise=make_exercise(),
        question="¿Qué temas quiere conocer?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        requires_verified_email=True,
    )
    SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    page.goto(live_server.url + "/rendicion/2023/encuesta/")
    page.get_by_label("Vías").check()
    page.get_by_label("Su correo electrónico").fill("ana@example.org")
    page.get_by_label("Autorizo usar mi correo").check()
    page.wait_for_timeout(3100)  # the anti-spam minimum time to fill
    page.get_by_role("button", name="Enviar mis temas").click()
    assert "Revise su correo" in page.content()
    path = re.search(r"(/rendicion/2023/encuesta/confirmar/\S+/)", mail.outbox[0].body)[1]
    page.goto(live_server.url + path)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmar mi respuesta").click()
    assert page.get_by_role("heading", name="Listo: su respuesta cuenta").is_visible()
    assert axe_violations(page) == []
    assert SurveyResponse.objects.counted().count() == 1


def test_the_widget_answers_in_a_browser_that_sends_no_cookies(live_server, browser, entity):
    # Inside another site's iframe the browser keeps Rinde's cookies to itself: the same
    # here, by dropping every Cookie header, so no CSRF cookie ever reaches the server.
    exercise = make_exercise()
    now = timezone.now()
    survey = Survey.objects.create(
        exercise=exercise,
        question="¿Qué temas quiere conocer?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        embed_hosts="https://www.entidad.gov.co",
    )
    SurveyOption.objects.create(survey=survey, order=1, label="Vías")
    for width, height in [(390, 844), (1280, 800)]:
        context = browser.new_context(locale="es-CO", viewport={"width": width, "height": height})
        context.route(
            "**/*",
            lambda route: route.continue_(
                headers={k: v for k, v in route.request.headers.items() if k != "cookie"}
            ),
        )
        page = context.new_page()
        page.goto(live_server.url + "/rendicion/2023/encuesta/widget/")
        assert axe_violations(page) == []
        page.get_by_label("Vías").check()
        page.wait_for_timeout(3100)
        page.get_by_role("button", name="Enviar mis temas").click()
        # The thanks page whole, its stylesheet included: a request still in flight when the
        # context closes can hold a lock on the shared in-memory SQLite that the test's
        # flush then fails on.
        page.wait_for_load_state("networkidle")
        assert "Gracias: recibimos sus temas" in page.content()
        context.close()
    assert SurveyResponse.objects.count() == 2
