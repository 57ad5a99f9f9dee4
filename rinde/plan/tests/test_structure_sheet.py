import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from openpyxl import Workbook, load_workbook

from rinde.core.models import AuditEntry
from rinde.plan import structure_sheet
from rinde.plan.models import (
    Component,
    ImportJob,
    Indicator,
    Plan,
    PlanFigures,
    Program,
    Project,
    StrategicLine,
    Territory,
    Trend,
    YearTarget,
)
from rinde.plan.spreadsheet import read_rows
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish

pytestmark = pytest.mark.django_db

URL = "/panel/plan/estructura/importar/"
HEADERS = structure_sheet.headers([2020, 2021, 2022, 2023])


@pytest.fixture
def indicator(department):
    indicator = make_plan_tree(department)
    project = indicator.project
    project.bpin = "2020053600123"
    project.save()
    program = project.program
    program.result_indicator = "Hogares con vivienda digna"
    program.result_target = "80 %"
    program.save()
    YearTarget.objects.create(indicator=indicator, year=2020, target=Decimal(10))
    YearTarget.objects.create(indicator=indicator, year=2021, target=Decimal("30.5"))
    return indicator


def row(**changes) -> list:
    """A valid row for a new indicator under line 1 (the factory's), by header."""
    values = {
        "Código línea": "1",
        "Línea estratégica": "Línea 1",
        "Código componente": "1.1",
        "Componente / sector": "Componente",
        "Código programa": "1.1.1",
        "Programa": "Programa",
        "Código proyecto": "P-9",
        "Proyecto": "Parques",
        "Dependencia responsable": "infraestructura",
        "Código indicador": "P-9.1",
        "Indicador": "Parques construidos",
        "Unidad": "parques",
        "Tendencia (I/M/R)": "I",
        "Línea base": 0,
        "Meta cuatrienio": 12,
    }
    values.update(changes)
    return [values.get(title) for title in HEADERS]


def xlsx(rows: list[list], header=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADERS)
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="plan.xlsx"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def confirm(client):
    return client.post(URL, {"confirm": "1"})


def test_the_template_has_one_target_column_per_plan_year(staff_client, planning_user, indicator):
    response = staff_client(planning_user).get("/panel/plan/estructura/plantilla.xlsx")
    assert response.status_code == 200
    assert read_rows("t.xlsx", response.content) == [HEADERS]
    assert "Meta 2023" in HEADERS and "Meta 2024" not in HEADERS


def test_the_export_imports_back_unchanged(staff_client, planning_user, indicator):
    client = staff_client(planning_user)
    first = client.get("/panel/plan/estructura/exportar.xlsx").content
    rows = read_rows("a.xlsx", first)
    assert rows[1][HEADERS.index("Código indicador")] == indicator.code
    assert rows[1][HEADERS.index("Meta 2021")] == 30.5
    assert rows[1][HEADERS.index("BPIN")] == "2020053600123"
    response = upload(client, first)
    assert response.status_code == 200, response.text[-3000:]
    assert response.context["job"].summary["nothing_changes"] is True
    assert "El archivo coincide con el plan" in response.text
    assert read_rows("b.xlsx", client.get("/panel/plan/estructura/exportar.xlsx").content) == rows


def test_names_typed_as_formulas_are_exported_as_text_and_import_back_unchanged(
    staff_client, planning_user, indicator
):
    indicator.name = '=HYPERLINK("http://evil","clic")'
    indicator.save()
    client = staff_client(planning_user)
    content = client.get("/panel/plan/estructura/exportar.xlsx").content
    cell = load_workbook(io.BytesIO(content)).active.cell(2, HEADERS.index("Indicador") + 1)
    assert (cell.value, cell.data_type) == (indicator.name, "s")
    response = upload(client, content)
    assert response.status_code == 200, response.text[-3000:]
    assert response.context["job"].summary["nothing_changes"] is True


def test_a_filled_template_creates_the_plan_structure_and_is_audited(
    staff_client, planning_user, indicator
):
    client = staff_client(planning_user)
    content = xlsx(
        [
            row(**{"Meta 2020": 3, "Meta 2021": 4}),
            row(
                **{
                    "Código indicador": "P-9.2",
                    "Indicador": "Árboles sembrados",
                    "Unidad": "árboles",
                    "Tendencia (I/M/R)": "m",
                    "Meta cuatrienio": "1.500",
                    "Peso indicador": 2,
                }
            ),
            row(
                **{
                    "Código línea": "2",
                    "Línea estratégica": "Ciudad verde",
                    "Código componente": "2.1",
                    "Código programa": "2.1.1",
                    "Código proyecto": "P-10",
                    "Dependencia responsable": "Secretaría de Infraestructura",
                    "Código indicador": "P-10.1",
                }
            ),
        ]
    )
    response = upload(client, content)
    assert response.status_code == 200, response.text[-3000:]
    summary = response.context["job"].summary
    assert summary["created"] == {
        "line": 1,
        "component": 1,
        "program": 1,
        "project": 2,
        "indicator": 3,
    }
    assert summary["untouched"] == 1
    assert confirm(client).status_code == 302
    new = Indicator.objects.get(code="P-9.2")
    assert (new.trend, new.target, new.weight) == (Trend.MAINTAIN, Decimal(1500), Decimal(2))
    assert new.project.department.code == "infraestructura"
    assert dict(
        YearTarget.objects.filter(indicator__code="P-9.1").values_list("year", "target")
    ) == {2020: 3, 2021: 4}
    assert StrategicLine.objects.get(code="2").name == "Ciudad verde"
    assert Indicator.objects.filter(pk=indicator.pk).exists()  # never deleted
    entry = AuditEntry.objects.get(action="plan.structure.import")
    assert entry.changes["created"]["indicator"] == 3


def test_changes_to_existing_elements_are_listed_before_they_are_saved(
    staff_client, planning_user, indicator
):
    client = staff_client(planning_user)
    workbook = load_workbook(io.BytesIO(client.get("/panel/plan/estructura/exportar.xlsx").content))
    sheet = workbook.active
    sheet.cell(row=2, column=HEADERS.index("Meta cuatrienio") + 1, value=150)
    sheet.cell(row=2, column=HEADERS.index("Meta 2021") + 1).value = None
    sheet.cell(row=2, column=HEADERS.index("Proyecto") + 1, value="Vías nuevas")
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, buffer.getvalue())
    assert response.status_code == 200
    changes = {(c[2], c[3]): (c[4], c[5]) for c in response.context["job"].summary["changes"]}
    assert changes[(indicator.code, "Meta cuatrienio")] == ("100", "150")
    assert changes[(indicator.code, "Meta 2021")] == ("30.5", "—")
    assert changes[(indicator.project.code, "Proyecto")][1] == "Vías nuevas"
    assert Indicator.objects.get().target == Decimal(100)  # nothing saved yet
    confirm(client)
    indicator.refresh_from_db()
    assert indicator.target == Decimal(150)
    assert indicator.project.name == "Vías nuevas"
    assert list(indicator.year_targets.values_list("year", flat=True)) == [2020]


def test_a_csv_imports_with_the_department_by_code(staff_client, planning_user, indicator):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerow(["" if v is None else v for v in row(**{"Meta cuatrienio": "12,5"})])
    client = staff_client(planning_user)
    response = upload(client, text.getvalue().encode("utf-8-sig"), name="plan.csv")
    assert response.status_code == 200, response.text[-3000:]
    confirm(client)
    assert Indicator.objects.get(code="P-9.1").target == Decimal("12.5")


@pytest.mark.parametrize(
    ("rows", "header", "expected", "fragment"),
    [
        ([row()], HEADERS[:-6] + HEADERS[-5:], [(1, "Meta cuatrienio")], "Falta la columna"),
        ([row(**{"Meta cuatrienio": "doce"})], None, [(2, "Meta cuatrienio")], "no es un número"),
        ([row(**{"Meta 2022": "n/a"})], None, [(2, "Meta 2022")], "no es un número"),
        ([row(**{"Meta cuatrienio": -4})], None, [(2, "Meta cuatrienio")], "negativo"),
        ([row(**{"Peso indicador": -1})], None, [(2, "Peso indicador")], "negativo"),
        ([row(**{"Línea base": "1,23456"})], None, [(2, "Línea base")], "más de 4 decimales"),
        ([row(**{"Tendencia (I/M/R)": "Sube"})], None, [(2, "Tendencia (I/M/R)")], "no es I"),
        (
            [row(**{"Dependencia responsable": "Secretaría de Magia"})],
            None,
            [(2, "Dependencia responsable")],
            "no es una dependencia",
        ),
        ([row(**{"Unidad": None})], None, [(2, "Unidad")], "Falta el valor"),
        ([row(**{"Código MGA": "1234567890"})], None, [(2, "Código MGA")], "el máximo es 9"),
        ([row(), row()], None, [(3, "Código indicador")], "repetido: ya está en la fila 2"),
        (
            [row(), row(**{"Código indicador": "P-9.2", "Línea estratégica": "Otra"})],
            None,
            [(3, "Línea estratégica")],
            "otro valor en la fila 2",
        ),
        (
            [row(), row(**{"Código indicador": "P-9.2", "Código programa": "1.1.2"})],
            None,
            [(3, "Código programa")],
            "está bajo «1.1.1» en la fila 2",
        ),
    ],
)
def test_bad_structure_files_get_every_error_by_row_and_column_and_nothing_is_imported(
    staff_client, planning_user, indicator, rows, header, expected, fragment
):
    client = staff_client(planning_user)
    before = (Indicator.objects.count(), Project.objects.count(), Program.objects.count())
    response = upload(client, xlsx(rows, header))
    assert response.status_code == 400, response.text[-2000:]
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == expected
    assert fragment in errors[0].message
    assert "no se importó nada" in response.text
    confirm(client)
    assert (Indicator.objects.count(), Project.objects.count(), Program.objects.count()) == before


def test_an_existing_indicator_is_never_moved_to_another_project(
    staff_client, planning_user, indicator
):
    moved = row(
        **{
            "Código proyecto": "P-9",
            "Código indicador": indicator.code,
        }
    )
    response = upload(staff_client(planning_user), xlsx([moved]))
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert (error.row, error.column) == (2, "Código proyecto")
    assert f"está bajo «{indicator.project.code}» en el plan" in error.message


def test_a_code_used_by_another_plan_is_accepted_in_this_one(
    staff_client, planning_user, indicator, other_department
):
    """Codes are unique within a plan, not across plans (issue 20, item 6): the next plan
    may number its projects and indicators as the previous one did."""
    old = Plan.objects.create(name="Anterior", start_year=2016, end_year=2019, is_current=False)
    line = StrategicLine.objects.create(plan=old, code="1", name="Vieja")
    component = Component.objects.create(line=line, code="1.1", name="C")
    program = Program.objects.create(component=component, code="1.1.1", name="P")
    Project.objects.create(program=program, code="P-9", name="Viejo", department=other_department)
    client = staff_client(planning_user)
    response = upload(client, xlsx([row()]))
    assert response.status_code == 200
    assert response.context["errors"] == []
    assert confirm(client).status_code == 302
    assert sorted(Project.objects.filter(code="P-9").values_list("plan__slug", flat=True)) == [
        "2016-2019",
        "2020-2023",
    ]
    assert Indicator.objects.get(code="P-9.1").plan == indicator.plan


def test_formulas_without_a_value_are_refused_in_the_structure_too(
    staff_client, planning_user, indicator
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(row())
    sheet.append(row(**{"Código indicador": "P-9.2", "Meta cuatrienio": "=10*2"}))
    sheet.merge_cells("A2:A3")  # text merged down its rows: the value of both
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(staff_client(planning_user), buffer.getvalue())
    assert response.status_code == 400
    found = [(e.row, e.column) for e in response.context["errors"]]
    assert found == [(3, "Meta cuatrienio")]
    assert not Indicator.objects.filter(code__startswith="P-9").exists()


def confirm_proposal(client, response):
    """Submit the mapping step as proposed, without changing anything."""
    assert response.status_code == 302 and response.url.endswith("/columnas/"), response
    page = client.get(response.url)
    form = page.context["form"]
    data = {name: form.fields[name].initial for name in form.fields}
    return client.post(response.url, data)


def test_extra_columns_go_through_the_mapping_step_and_are_listed_once(
    staff_client, planning_user, indicator
):
    client = staff_client(planning_user)
    header = [*HEADERS, "Observaciones", "Meta 2024"]
    response = upload(client, xlsx([row() + ["nota", 1]], header))
    done = confirm_proposal(client, response)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.errors
    page = client.get(done.url)
    assert page.text.count("Columnas que no se leen") == 1
    warning = page.context["warnings"][0].message
    assert (
        "«Observaciones»" not in warning and "Observaciones" in warning and "Meta 2024" in warning
    )
    client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    assert Indicator.objects.filter(code="P-9.1").exists()
    # The same titles next time: the saved mapping, straight to the preview.
    response = upload(client, xlsx([row(**{"Código indicador": "P-9.2"}) + ["", 2]], header))
    assert response.status_code == 200
    assert ImportJob.objects.latest("pk").status == ImportJob.Status.READY


def test_only_planning_and_the_administrator_import_the_structure(
    client, staff_client, officer_user, admin_user, indicator
):
    assert client.get(URL).status_code == 302  # anonymous → login
    assert staff_client(officer_user).get(URL).status_code == 403
    assert staff_client(officer_user).get("/panel/plan/estructura/exportar.xlsx").status_code == 403
    assert staff_client(admin_user).get(URL).status_code == 200
    assert staff_client(admin_user).post("/panel/plan/estructura/exportar.xlsx").status_code == 405


def test_the_staff_plan_page_links_to_the_structure(staff_client, planning_user, indicator):
    response = staff_client(planning_user).get("/panel/plan/")
    assert URL in response.text


def test_the_structure_export_takes_a_constant_number_of_queries(
    staff_client, planning_user, department, django_assert_max_num_queries
):
    for code in "123456":
        make_plan_tree(department, code=code)
    client = staff_client(planning_user)
    with django_assert_max_num_queries(12):
        assert client.get("/panel/plan/estructura/exportar.xlsx").status_code == 200


def test_a_confirmed_preview_cannot_be_applied_twice(staff_client, planning_user, indicator):
    client = staff_client(planning_user)
    upload(client, xlsx([row()]))
    assert confirm(client).status_code == 302
    response = confirm(client)
    assert response.status_code == 302 and response.url == URL
    assert Indicator.objects.filter(code="P-9.1").count() == 1
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_parsing_and_comparing_are_pure_and_list_only_what_changes():
    """No database: the parse and the diff take plain data."""
    years = [2020, 2021, 2022, 2023]
    rows = [HEADERS, row(**{"Meta 2020": 5}), [None] * len(HEADERS)]
    parsed, errors = structure_sheet.parse_structure(
        rows, years=years, departments={"infraestructura": 7}
    )
    assert errors == [] and parsed.rows == 1
    indicator = parsed.items["indicator"]["P-9.1"]
    assert indicator.parent == "P-9" and indicator.fields["target"] == Decimal(12)
    assert parsed.items["project"]["P-9"].fields["department"] == 7
    existing = structure_sheet.Existing(
        items={
            "line": {"1": {"parent": None, "name": "Línea 1", "weight": Decimal(1)}},
            "component": {"1.1": {"parent": "1", "name": "Componente", "weight": Decimal(1)}},
            "program": {},
            "project": {},
            "indicator": {"Z": {"parent": "P-0"}},
        },
        year_targets={},
    )
    diff, errors = structure_sheet.diff_structure(parsed, existing, department_names={})
    assert errors == []
    assert {lv: len(c) for lv, c in diff.creates.items()} == {
        "line": 0,
        "component": 0,
        "program": 1,
        "project": 1,
        "indicator": 1,
    }
    assert diff.changes == [] and diff.untouched_indicators == 1
    assert diff.year_targets == {"P-9.1": {2020: Decimal(5)}}  # empty years: nothing to do


def test_a_new_target_from_the_structure_import_reaches_the_public_figures(
    client, staff_client, planning_user, officer_user, indicator, django_capture_on_commit_callbacks
):
    publish(indicator, officer_user, planning_user, 45)

    def stored():
        return PlanFigures.objects.get(scope="plan", period=date(2023, 12, 1)).progress

    assert stored() == Decimal("0.45")
    staff = staff_client(planning_user)
    workbook = load_workbook(io.BytesIO(staff.get("/panel/plan/estructura/exportar.xlsx").content))
    workbook.active.cell(row=2, column=HEADERS.index("Meta cuatrienio") + 1, value=150)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(staff, buffer.getvalue()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        confirm(staff)
    assert stored() == Decimal("0.3")
    assert "30 %" in client.get("/plan/").text


@pytest.mark.parametrize(
    ("baseline", "number", "text"),
    [("SD", 0, "SD"), ("2 km", 2, "2 km"), ("45,5 %", Decimal("45.5"), "45,5 %"), (7, 7, "")],
)
def test_a_baseline_written_as_text_is_kept_with_its_number(
    staff_client, planning_user, indicator, baseline, number, text
):
    client = staff_client(planning_user)
    response = upload(client, xlsx([row(**{"Línea base": baseline})]))
    assert response.status_code == 200, response.context["errors"]
    confirm(client)
    created = Indicator.objects.get(code="P-9.1")
    assert (created.baseline, created.baseline_text) == (number, text)
    # And it goes out as the plan wrote it.
    exported = read_rows("p.xlsx", client.get("/panel/plan/estructura/exportar.xlsx").content)
    column = HEADERS.index("Línea base")
    assert [r[column] for r in exported[1:] if r[HEADERS.index("Código indicador")] == "P-9.1"] == [
        text or float(number)
    ]


def test_territories_of_any_kind_share_names_across_kinds_but_not_within_one(entity):
    Territory.objects.create(name="La Verde", kind=Territory.Kind.VEREDA)
    Territory.objects.create(name="La Verde", kind=Territory.Kind.CORREGIMIENTO)
    Territory.objects.create(
        name="Centro poblado El Tigre", kind="otro", kind_other="Centro poblado"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Territory.objects.create(name="La Verde", kind=Territory.Kind.VEREDA)
