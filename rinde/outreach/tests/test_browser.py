import pytest

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.questions.tests.factories import make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_episodes_page_and_the_coverage_matrix_have_no_axe_violations(
    live_server, page, entity, communications_user
):
    from django.test import Client

    make_exercise()
    page.goto(live_server.url + "/rendicion/2023/programa-de-television/")
    assert axe_violations(page) == []
    client = Client()
    login_verified(client, communications_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/panel/difusion/")
    assert "Matriz de cobertura" in page.content()
    assert axe_violations(page) == []


def test_bulletin_pages_have_no_axe_violations(live_server, page, entity, communications_user):
    from rinde.outreach import bulletins
    from rinde.outreach.models import Bulletin

    bulletin = Bulletin.objects.create(
        title="Audiencia pública",
        slug="audiencia",
        lead="La Alcaldía rinde cuentas.",
        body="<p>Texto</p>",
    )
    bulletins.publish(bulletin, actor=communications_user)
    for path in ["/boletines/", "/boletines/audiencia/"]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
