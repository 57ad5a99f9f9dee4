import pytest
from django.test import Client

from rinde.accounts.tests.factories import login_verified
from rinde.core.tests.browser import axe_violations
from rinde.plan.models import ImportJob, Indicator, Plan
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.sheets import plan_indicativo
from rinde.plan.tests.test_structure_sheet import row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_planner_imports_the_structure_with_the_keyboard_and_no_axe_violations(
    live_server, page, entity, department, planning_user, tmp_path
):
    make_plan_tree(department)
    client = Client()
    login_verified(client, planning_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/panel/plan/")
    page.get_by_role("link", name="Estructura del plan").click()
    assert axe_violations(page) == []
    bad = tmp_path / "malo.xlsx"
    bad.write_bytes(xlsx([row(**{"Meta cuatrienio": "doce"})]))
    page.get_by_label("Archivo (.xlsx o .csv, hasta 10 MB)").set_input_files(bad)
    page.get_by_role("button", name="Ver vista previa").click()
    assert "no se importó nada" in page.content()
    assert axe_violations(page) == []
    good = tmp_path / "bueno.xlsx"
    good.write_bytes(xlsx([row()]))
    page.get_by_label("Archivo (.xlsx o .csv, hasta 10 MB)").set_input_files(good)
    page.get_by_role("button", name="Ver vista previa").click()
    assert "Elementos nuevos" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmar la importación").press("Enter")
    page.wait_for_url(live_server.url + "/panel/plan/")
    assert Indicator.objects.filter(code="P-9.1").exists()
    job = ImportJob.objects.get(status=ImportJob.Status.DONE)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING)
    page.goto(live_server.url + f"/panel/plan/importaciones/{job.pk}/")
    assert axe_violations(page) == []


def test_a_planner_maps_the_columns_of_a_dnp_sheet_with_the_keyboard_and_no_axe_violations(
    live_server, page, entity, department, other_department, planning_user, tmp_path
):
    Plan.objects.create(name="Plan 2024-2027", start_year=2024, end_year=2027, is_current=True)
    client = Client()
    login_verified(client, planning_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(live_server.url + "/panel/plan/estructura/importar/")
    sheet = tmp_path / "plan-indicativo.xlsx"
    sheet.write_bytes(plan_indicativo(6, ["Secretaría de Infraestructura", "salud"]))
    page.get_by_label("Archivo (.xlsx o .csv, hasta 10 MB)").set_input_files(sheet)
    page.get_by_role("button", name="Ver vista previa").click()
    page.wait_for_url("**/columnas/")
    assert page.get_by_label("Meta 2024").input_value() == "17"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmar las columnas y ver la vista previa").press("Enter")
    page.wait_for_url("**/importaciones/*/")
    assert "Columnas que no se leen" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmar la importación").press("Enter")
    page.wait_for_load_state()
    assert Indicator.objects.filter(code="M6").exists()
    page.goto(live_server.url + "/panel/plan/avance/importar/")
    assert axe_violations(page) == []
