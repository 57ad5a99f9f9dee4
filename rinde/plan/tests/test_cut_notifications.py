"""People are told (issue 20, item 10): a cut sent tells planning; returned or published,
it tells the department's officers and whoever drafted it. Through the worker, after the
commit (tests run tasks at once)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.test import TestCase

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.plan import services
from rinde.plan.tests.factories import make_plan_tree

pytestmark = pytest.mark.django_db

DEC = date(2023, 12, 1)


@pytest.fixture
def indicator(department):
    return make_plan_tree(department)


@pytest.fixture
def people(department, other_department, officer_user, planning_user):
    officer_user.email = "enlace@itagui.gov.co"
    officer_user.save()
    planning_user.email = "planeacion@itagui.gov.co"
    planning_user.save()
    return {
        "colleague": make_user(
            Role.OFFICER, username="colega", email="colega@itagui.gov.co", departments=[department]
        ),
        "elsewhere": make_user(
            Role.OFFICER,
            username="salud",
            email="salud@itagui.gov.co",
            departments=[other_department],
        ),
        "gone": make_user(
            Role.OFFICER,
            username="retirado",
            email="retirado@itagui.gov.co",
            departments=[department],
            is_active=False,
        ),
        "planner2": make_user(
            Role.PLANNING, username="planeacion2", email="planeacion2@itagui.gov.co"
        ),
    }


def sent_cut(indicator, officer):
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=officer
    )
    services.save_report(report, actor=officer, values={indicator.pk: Decimal(5)}, finances={})
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.submit_report(report, actor=officer)
    return report


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_sent_cut_tells_every_planner(indicator, officer_user, people):
    report = sent_cut(indicator, officer_user)
    assert recipients() == ["planeacion2@itagui.gov.co", "planeacion@itagui.gov.co"]
    message = mail.outbox[0]
    assert message.subject == "Corte por revisar: Secretaría de Infraestructura · Diciembre de 2023"
    assert "envió a Planeación su corte de diciembre de 2023 (versión 1)" in message.body
    assert f"/panel/plan/cortes/{report.pk}/" in message.body
    assert f"/panel/plan/cortes/{report.pk}/" in message.alternatives[0].content


def test_nothing_is_sent_before_the_commit(indicator, officer_user, people):
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=officer_user
    )
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(5)}, finances={})
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        services.submit_report(report, actor=officer_user)
        assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_returned_cut_tells_the_departments_officers_with_the_comments(
    indicator, officer_user, planning_user, people
):
    report = sent_cut(indicator, officer_user)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.review_report(
            report, actor=planning_user, approve=False, comment="Falta la evidencia & el acta"
        )
    # Not the other department's officer, not an inactive account, not planning.
    assert recipients() == ["colega@itagui.gov.co", "enlace@itagui.gov.co"]
    message = mail.outbox[0]
    assert message.subject.startswith("Corte devuelto por Planeación")
    assert "Falta la evidencia & el acta" in message.body  # text: not HTML-escaped
    assert "Falta la evidencia &amp; el acta" in message.alternatives[0].content


def test_an_approved_cut_tells_the_department_and_whoever_opened_it(
    indicator, officer_user, planning_user, people
):
    # Planning opened this one for the department.
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=indicator.project.department, period=DEC, actor=people["planner2"]
    )
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(5)}, finances={})
    services.submit_report(report, actor=officer_user)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.review_report(report, actor=planning_user, approve=True)
    assert recipients() == [
        "colega@itagui.gov.co",
        "enlace@itagui.gov.co",
        "planeacion2@itagui.gov.co",
    ]
    assert all(m.subject.startswith("Corte publicado") for m in mail.outbox)
    # One message per person: nobody sees the others' addresses.
    assert all(len(m.to) == 1 for m in mail.outbox)


def test_the_person_who_acted_is_not_told(indicator, planning_user, people):
    # A planner who both drafts and sends a cut is not e-mailed about their own act.
    sent_cut(indicator, planning_user)
    assert recipients() == ["planeacion2@itagui.gov.co"]


def test_without_planning_accounts_the_administrators_are_told(
    indicator, officer_user, planning_user, admin_user
):
    planning_user.is_active = False
    planning_user.save()
    admin_user.email = "admin@itagui.gov.co"
    admin_user.save()
    sent_cut(indicator, officer_user)
    assert recipients() == ["admin@itagui.gov.co"]


def test_a_correction_sent_to_planning_says_it_is_a_correction(
    indicator, officer_user, planning_user, people
):
    report = sent_cut(indicator, officer_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.review_report(report, actor=planning_user, approve=True)
    correction = services.correct_report(
        report, actor=officer_user, reason="Obra contada dos veces"
    )
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.submit_report(correction, actor=officer_user)
    assert "(versión 2)" in mail.outbox[0].body
    assert "Motivo: Obra contada dos veces" in mail.outbox[0].body


def test_an_officer_sees_the_cuts_returned_to_fix(
    staff_client, indicator, officer_user, planning_user, entity
):
    report = sent_cut(indicator, officer_user)
    page = staff_client(officer_user).get("/panel/plan/")
    assert "por corregir" not in page.text
    services.review_report(report, actor=planning_user, approve=False, comment="Falta el acta")
    page = staff_client(officer_user).get("/panel/plan/").text
    assert "Devueltos por Planeación: por corregir" in page
    assert f'href="/panel/plan/cortes/{report.pk}/"' in page
