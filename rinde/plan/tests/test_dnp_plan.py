"""Proof 1 of issue 20: a Plan Indicativo as a planning office keeps it (tests/sheets.py)
imports through the mapping step as proposed, with no manual edits."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.plan.models import ColumnMapping, ImportJob, Indicator, Plan, Project, Trend, YearTarget
from rinde.plan.tests.sheets import plan_indicativo

pytestmark = pytest.mark.django_db
URL = "/panel/plan/estructura/importar/"


@pytest.fixture
def plan(entity):
    return Plan.objects.create(
        name="Plan 2024-2027", start_year=2024, end_year=2027, is_current=True
    )


def test_a_dnp_plan_indicativo_imports_through_the_mapping_step_as_proposed(
    staff_client, planning_user, plan, department, other_department
):
    client = staff_client(planning_user)
    content = plan_indicativo(12, ["Secretaría de Infraestructura", "salud"], columns=40)
    response = client.post(URL, {"file": SimpleUploadedFile("PI 2024-2027.xlsx", content)})
    assert response.status_code == 302 and response.url.endswith("/columnas/")
    page = client.get(response.url)
    assert page.status_code == 200
    form = page.context["form"]
    proposal = {form.fields[name].label: form.fields[name].initial for name in form.fields}
    # Titles over two rows under a title row, read with their own words.
    assert page.context["header"].start == 1 and page.context["header"].height == 2
    expected = {
        "Código línea": "0",  # Cód. eje
        "Línea estratégica": "1",  # Eje estratégico
        "Código componente": "2",
        "Componente / sector": "3",  # Sector MGA
        "Código programa": "4",
        "Programa": "5",
        "Indicador de resultado": "6",
        "Código proyecto": "7",
        "BPIN": "8",  # Código BPIN
        "Proyecto": "9",
        "Dependencia responsable": "10",  # Secretaría responsable
        "Código indicador": "11",  # Código meta
        "Código MGA": "12",  # Código indicador de producto
        "Indicador": "13",  # Meta de producto
        "Unidad": "14",
        "Tendencia (I/M/R)": "15",  # Tipo de meta
        "Línea base": "16",
        "Meta 2024": "17",  # Programado · 2024
        "Meta 2025": "18",
        "Meta 2026": "19",
        "Meta 2027": "20",
        "Meta cuatrienio": "21",
        "Peso indicador": "",
    }
    assert {k: v for k, v in proposal.items()} == {
        **{k: "" for k in proposal},
        **expected,
    }
    done = client.post(response.url, {name: form.fields[name].initial for name in form.fields})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.errors
    status = client.get(done.url)
    assert "108 celdas con fórmula leídas por su valor calculado" in status.text  # 12 × 9
    ignored = [w.message for w in status.context["warnings"] if w.kind == "ignored"]
    assert len(ignored) == 1
    assert "Z · Ejecutado 2024 · T4" in ignored[0] and "AE · Observaciones" in ignored[0]
    client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors

    # What was stored, against the hand-computed layout: 12 goals, 3 per project, 2
    # projects per programme, 2 programmes per sector, 2 sectors per line.
    assert Indicator.objects.count() == 12
    assert Project.objects.count() == 4
    assert sorted(Project.objects.values_list("code", "department__code")) == [
        ("PR1", "infraestructura"),
        ("PR2", "salud"),
        ("PR3", "infraestructura"),
        ("PR4", "salud"),
    ]
    goal = Indicator.objects.select_related("project__program__component__line").get(code="M5")
    assert (goal.name, goal.unit, goal.mga_code) == ("Meta 5", "unidades", "100000005")
    assert goal.trend == Trend.INCREASE and goal.baseline == 5
    assert goal.target == 4 * 5 + 6  # the formula's cached value
    assert goal.project.code == "PR2" and goal.project.bpin == "2024050010002"
    assert goal.project.program.code == "P1" and goal.project.program.component.code == "S1"
    assert goal.project.program.component.line.name == "Eje 1"
    assert Indicator.objects.get(code="M4").trend == Trend.MAINTAIN
    assert dict(YearTarget.objects.filter(indicator=goal).values_list("year", "target")) == {
        2024: Decimal(5),
        2025: Decimal(6),
        2026: Decimal(7),
        2027: Decimal(8),
    }
    # The planner's choice is kept: the next upload of the same sheet needs no step.
    assert ColumnMapping.objects.count() == 1
    again = client.post(URL, {"file": SimpleUploadedFile("PI.xlsx", content)})
    assert again.status_code == 200
    assert ImportJob.objects.latest("pk").status == ImportJob.Status.READY


def test_a_sheet_without_lines_or_sectors_hangs_from_one_default_node_named_by_the_plan(
    staff_client, planning_user, plan, department
):
    from openpyxl import Workbook

    from rinde.plan.models import Component, StrategicLine

    plan.level_names = {"line": "Eje", "component": "Sector", "project": "Subprograma"}
    plan.save()
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Código programa", "Programa", "Código proyecto", "Proyecto", "Dependencia responsable",
         "Código indicador", "Indicador", "Unidad", "Tendencia (I/M/R)", "Meta cuatrienio"]
    )  # fmt: skip
    sheet.append(["P1", "Vías", "PR1", "Pavimentos", "infraestructura", "M1", "Km", "km", "I", 4])
    sheet.append(["P2", "Agua", "PR2", "Acueducto", "infraestructura", "M2", "Casas", "u", "I", 9])
    buffer = io.BytesIO()
    book.save(buffer)
    client = staff_client(planning_user)
    response = client.post(URL, {"file": SimpleUploadedFile("pi.xlsx", buffer.getvalue())})
    assert response.status_code == 200, response.context["errors"]
    assert '<th scope="row">Sector</th>' in response.text
    assert '<th scope="row">Subprograma</th>' in response.text
    client.post(URL, {"confirm": "1"})
    line = StrategicLine.objects.get(plan=plan)
    assert (line.code, line.name) == ("0", "Sin línea")
    assert Component.objects.get(line=line).code == "0"
    assert sorted(Indicator.objects.values_list("project__program__component__code", "code")) == [
        ("0", "M1"),
        ("0", "M2"),
    ]


def test_a_bpin_project_with_several_departments_gives_each_its_goals_to_report(
    staff_client, planning_user, plan, department, other_department
):
    """A DNP sheet names the responsible department per goal: a project whose goals name
    two departments keeps the first as the project's and gives each the goals it answers
    for; each department's cut has its own goals, the budget stays with the project's."""
    from datetime import date

    from openpyxl import load_workbook

    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user
    from rinde.plan import services
    from rinde.plan.spreadsheet import HEADERS, read_rows

    # Goal M2 of project PR1 answered for by Salud.
    content = plan_indicativo(
        3, ["Secretaría de Infraestructura"], goal_departments={2: "Secretaría de Salud"}
    )
    client = staff_client(planning_user)
    response = client.post(URL, {"file": SimpleUploadedFile("pi.xlsx", content)})
    form = client.get(response.url).context["form"]
    client.post(response.url, {n: form.fields[n].initial for n in form.fields})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.errors
    client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    project = Project.objects.get(code="PR1")
    assert project.department == department
    assert dict(project.indicators.values_list("code", "department__code")) == {
        "M1": None,
        "M2": "salud",
        "M3": None,
    }
    mine = Indicator.objects.of_department(department.pk).values_list("code", flat=True)
    theirs = Indicator.objects.of_department(other_department.pk).values_list("code", flat=True)
    assert (set(mine), set(theirs)) == ({"M1", "M3"}, {"M2"})
    # Salud's cut: its goal, without the project's budget, exported and imported back.
    health = make_user(Role.OFFICER, username="salud", departments=[other_department])
    report = services.start_report(
        plan=plan, department=other_department, period=date(2024, 3, 1), actor=health
    )
    health_client = staff_client(health)
    exported = health_client.get(f"/panel/plan/cortes/{report.pk}/exportar.xlsx").content
    rows = read_rows("c.xlsx", exported)
    assert [r[HEADERS.index("Código indicador")] for r in rows[1:]] == ["M2"]
    book = load_workbook(io.BytesIO(exported))  # Rinde's export: no formulas to lose
    book.active.cell(row=2, column=HEADERS.index("Ejecutado en el mes") + 1, value=4)
    buffer = io.BytesIO()
    book.save(buffer)
    response = health_client.post(
        f"/panel/plan/cortes/{report.pk}/importar/",
        {"file": SimpleUploadedFile("c.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 200, response.context["errors"]
    health_client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert ImportJob.objects.latest("pk").errors == []
    assert dict(report.indicator_values.values_list("indicator__code", "value")) == {"M2": 4}
    assert not report.project_progress.exists()
