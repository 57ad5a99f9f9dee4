"""The cut's staff page in a browser: the form with a refused amount, and a correction
beside its published version, are accessible (axe-core, WCAG 2.1 AA)."""

from decimal import Decimal

import pytest

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.plan import services
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import finances, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    from django.test import Client

    client = Client()
    login_verified(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_the_cut_form_and_a_correction_comparison_have_no_axe_violations(
    live_server, page, entity, department, officer_user, planning_user
):
    indicator = make_plan_tree(department)
    first = publish(indicator, officer_user, planning_user, 40)
    correction = services.correct_report(first, actor=officer_user, reason="Pagos mal sumados")
    money = {**finances(indicator)[indicator.project.pk], "payments": Decimal(250)}
    services.save_report(
        correction,
        actor=officer_user,
        values={indicator.pk: Decimal(30)},
        finances={indicator.project.pk: money},
    )

    log_in(page, live_server, officer_user)
    page.goto(f"{live_server.url}/panel/plan/cortes/{correction.pk}/")
    # Typed the Colombian way, with the chain broken on purpose.
    page.get_by_label("Pagos").fill("4.917.500.000")
    page.get_by_role("button", name="Guardar borrador").click()
    assert "Pagos: $ 4.917.500.000 superan las obligaciones ($ 300)" in page.content()
    assert axe_violations(page) == []
    services.submit_report(correction, actor=officer_user)

    log_in(page, live_server, planning_user)
    page.goto(f"{live_server.url}/panel/plan/cortes/{correction.pk}/")
    assert "2 cifras cambian con esta corrección." in page.content()
    assert axe_violations(page) == []
