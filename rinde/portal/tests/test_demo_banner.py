"""The demonstration banner (issue 15): on every page, public and panel, while the site runs
as the demo (RINDE_DEMO=1, what `make demo` sets), and never otherwise."""

import pytest

from rinde.accounts.tests.factories import login_verified

pytestmark = pytest.mark.django_db

BANNER = "una demostración con cifras y personas inventadas"


@pytest.mark.parametrize("path", ["/", "/rendicion/", "/panel/ingresar/"])
def test_every_public_page_says_it_is_a_demonstration(client, entity, settings, path):
    settings.DEMO_MODE = True
    response = client.get(path)
    assert response.status_code == 200
    assert BANNER in response.text


def test_the_panel_says_it_too(client, entity, settings, planning_user):
    settings.DEMO_MODE = True
    login_verified(client, planning_user)
    assert BANNER in client.get("/panel/").text


def test_a_real_site_has_no_banner(client, entity, settings):
    settings.DEMO_MODE = False
    assert BANNER not in client.get("/").text
