"""On the demo: the improvement plan's "Comentarios de la evaluación" links to the
evaluation's comments, and the outreach plan shows how the 2023 audience heard of the
hearing (and says there is no data yet for 2026, which has no answers)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from rinde.accounts.models import User
from rinde.evaluation.models import EvaluationQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", "--quiet-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_comments_of_the_evaluation_link_to_the_comments(demo):
    html = Client().get("/rendicion/2023/mejoramiento/").text
    target = re.search(r'<a href="([^"]+)">Comentarios de la evaluación</a>', html).group(1)
    comments = EvaluationQuestion.objects.get(
        form__event__exercise__slug="2023", code="comentarios"
    )
    assert target == f"/rendicion/2023/evaluacion/#r-{comments.pk}"
    # …and the evaluation's results page holds that anchor.
    assert f'id="r-{comments.pk}"' in Client().get("/rendicion/2023/evaluacion/").text


def test_the_outreach_plan_shows_how_they_heard(demo, staff_client):
    client = staff_client(User.objects.get(username="comunicaciones"))
    heard = client.get("/panel/difusion/?ejercicio=2023").text
    section = heard[heard.index("¿Cómo se enteraron?") :]
    assert "Sin datos todavía" not in section[:2000]
    assert re.search(r'<th scope="row">Redes sociales</th><td>[1-9]\d*</td>', section)
    none_yet = client.get("/panel/difusion/?ejercicio=2026").text
    assert "Sin datos todavía" in none_yet
