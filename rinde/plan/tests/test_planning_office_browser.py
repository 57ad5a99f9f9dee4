"""Proof 3 (issue 20): a planning office, in a browser, from an empty Rinde to a public
dashboard: it creates its plan from the panel, imports its structure file, records and
approves four quarterly cuts, and the public pages are axe-clean, one of them on a phone.

Each step is a small function so the walk grows with the import's mapping step and the
new progress method when they land."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.plan import structure_sheet
from rinde.plan.models import Indicator, Plan, ProgressReport, ReportState
from rinde.plan.tests.test_structure_sheet import row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUARTERS = [("2025-03", "2025-T1", 1), ("2025-06", "2025-T2", 2), ("2025-09", "2025-T3", 2)]
QUARTERS.append(("2025-12", "2025-T4", 1))  # 6 of 12 parks: half the four-year target


def log_in(page, live_server, user) -> None:
    client = Client()
    login_verified(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def create_the_plan(page, live_server) -> Plan:
    page.goto(live_server.url + "/panel/")
    page.get_by_role("link", name="Planes de desarrollo").first.click()
    page.get_by_role("link", name="Crear un plan").click()
    assert axe_violations(page) == []
    page.get_by_label("Nombre").fill("Itagüí avanza")
    page.get_by_label("Año inicial").fill("2024")
    page.get_by_label("Año final").fill("2027")
    page.get_by_label("Acto de adopción").fill("Acuerdo 5 de 2024")
    page.get_by_label("Frecuencia de los cortes").select_option("quarterly")
    page.get_by_label("Hacerlo el plan vigente").check()
    page.get_by_label("Dependencias nuevas").fill("Secretaría de Movilidad")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(live_server.url + "/panel/plan/planes/")
    assert "/plan/2024-2027/" in page.content()
    return Plan.objects.get(slug="2024-2027", is_current=True)


def import_the_structure(page, live_server, tmp_path) -> Indicator:
    page.goto(live_server.url + "/panel/plan/")
    page.get_by_role("link", name="Estructura del plan").click()
    sheet = tmp_path / "plan-indicativo.xlsx"
    # The plan's own years (the template planning downloads), a target for 2025.
    headers = structure_sheet.headers([2024, 2025, 2026, 2027])
    values = dict(zip(structure_sheet.headers([2020, 2021, 2022, 2023]), row(), strict=True))
    values["Meta 2025"] = 6
    sheet.write_bytes(xlsx([[values.get(title) for title in headers]], header=headers))
    page.get_by_label("Archivo (.xlsx o .csv, hasta 10 MB)").set_input_files(sheet)
    page.get_by_role("button", name="Ver vista previa").click()
    page.get_by_role("button", name="Confirmar la importación").click()
    page.wait_for_url(live_server.url + "/panel/plan/")
    return Indicator.objects.get(code="P-9.1")


def record_and_approve_a_cut(page, live_server, indicator, period, label, value) -> None:
    page.goto(live_server.url + "/panel/plan/")
    page.get_by_label("Dependencia").select_option(label=indicator.project.department.name)
    page.get_by_label("Periodo del corte").select_option(label)
    page.get_by_role("button", name="Abrir").click()
    page.fill(f"#i{indicator.pk}", str(value))
    prefix = f"#id_p{indicator.project.pk}"
    for field, amount in (
        ("appropriation", "1000000"),
        ("commitments", "500000"),
        ("obligations", "400000"),
        ("payments", "300000"),
    ):
        page.fill(f"{prefix}-{field}", amount)
    page.get_by_role("button", name="Guardar y enviar a Planeación").click()
    page.get_by_label("Aprobar y publicar").check()
    page.get_by_role("button", name="Guardar la decisión").click()
    report = ProgressReport.objects.get(department=indicator.project.department, period=period)
    assert report.state == ReportState.APPROVED, period


def publish_the_action_plan(page, live_server, year: int) -> str:
    page.goto(live_server.url + "/panel/plan/planes/")
    page.get_by_role("link", name=str(year), exact=True).click()
    page.get_by_role("button", name="Generar el borrador").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publicar").click()
    page.get_by_role("link", name="Ver la página pública").click()
    return page.url


def test_a_planning_office_goes_from_an_empty_rinde_to_its_public_dashboard(
    live_server, page, entity, department, planning_user, tmp_path
):
    log_in(page, live_server, planning_user)
    plan = create_the_plan(page, live_server)
    indicator = import_the_structure(page, live_server, tmp_path)
    assert indicator.plan == plan
    for key, label, value in QUARTERS:
        year, month = (int(p) for p in key.split("-"))
        record_and_approve_a_cut(page, live_server, indicator, date(year, month, 1), label, value)
    assert ProgressReport.objects.filter(plan=plan).count() == 4  # not twelve monthly cuts
    assert sum(v.value for v in indicator.values.all()) == Decimal(6)
    action_plan_url = publish_the_action_plan(page, live_server, 2025)

    page.context.clear_cookies()  # the public sees what was approved
    project = indicator.project
    for path in (
        "/plan/",
        "/plan/2024-2027/",
        "/plan/2024-2027/linea/1/",
        f"/plan/2024-2027/programa/{project.program.code}/",
        f"/plan/2024-2027/proyecto/{project.code}/",
        action_plan_url.removeprefix(live_server.url),
    ):
        assert page.goto(live_server.url + path).status == 200, path
        assert axe_violations(page) == [], path
    page.goto(live_server.url + "/plan/")
    assert "50 %" in page.content()

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + f"/plan/2024-2027/proyecto/{project.code}/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
