"""In a browser: the panel's to-do list on a phone and a desktop, axe-clean, its badges
read as words."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.questions.models import Question, Status
from rinde.questions.tests.factories import make_exercise, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_to_do_list_on_a_phone_and_a_desktop(
    live_server, browser, entity, planning_user, department, tmp_path
):
    today = timezone.localdate()
    exercise = make_exercise(today.year)
    for days, status in [(-3, Status.ASSIGNED), (5, Status.IN_REVIEW), (9, Status.RECEIVED)]:
        question = make_question(exercise)
        Question.objects.filter(pk=question.pk).update(
            status=status, department=department, current_due_on=today + timedelta(days=days)
        )
    client = Client()
    login_verified(client, planning_user)
    for name, size in [("phone", (390, 844)), ("desktop", (1280, 900))]:
        context = browser.new_context(
            locale="es-CO", viewport={"width": size[0], "height": size[1]}
        )
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(live_server.url + "/panel/")
        todo = page.get_by_role("region", name="Lo que espera por usted")
        assert todo.get_by_role("link", name="Clasificar 1 pregunta ciudadana").is_visible()
        assert (
            page.get_by_role("navigation", name="Menú del panel")
            .get_by_role("link", name="Preguntas ciudadanas 3 pendientes")
            .is_visible()
        )
        assert axe_violations(page) == []
        page.screenshot(path=tmp_path / f"todo-panel-{name}.png", full_page=True)
        context.close()
