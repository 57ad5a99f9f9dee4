import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from rinde.core import safe_read_sandbox as sandbox
from rinde.core.models import AuditEntry
from rinde.plan import import_services, services, spreadsheet
from rinde.plan.importing.cells import decimal
from rinde.plan.models import ImportJob, ProgressReport, Territory, Trend
from rinde.plan.spreadsheet import HEADERS, parse_cut, read_rows
from rinde.plan.tests import sheets
from rinde.plan.tests.factories import make_plan_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(department, officer_user):
    indicator = make_plan_tree(department)
    plan = indicator.project.program.component.line.plan
    return services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )


def exported(client, report) -> bytes:
    response = client.get(f"/panel/plan/cortes/{report.pk}/exportar.xlsx")
    assert response.status_code == 200
    return response.content


def edit(xlsx: bytes, changes: dict[str, object]) -> bytes:
    workbook = load_workbook(io.BytesIO(xlsx))
    sheet = workbook.active
    for title, value in changes.items():
        sheet.cell(row=2, column=HEADERS.index(title) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, report, name, content):
    return client.post(
        f"/panel/plan/cortes/{report.pk}/importar/", {"file": SimpleUploadedFile(name, content)}
    )


def test_the_export_imports_back_unchanged(staff_client, officer_user, report):
    indicator = report.department.projects.get().indicators.get()
    finances = {
        indicator.project_id: {
            "appropriation": Decimal("1500000000"),
            "commitments": Decimal("600000000"),
            "obligations": Decimal("300000000"),
            "payments": Decimal("250000000.50"),
            "achievements": "Obra",
            "difficulties": "",
            "evidence_url": "",
            "territories": [],
        }
    }
    services.save_report(
        report, actor=officer_user, values={indicator.pk: Decimal("12.25")}, finances=finances
    )
    client = staff_client(officer_user)
    first = exported(client, report)
    response = upload(client, report, "corte.xlsx", first)
    assert response.status_code == 200, response.text[-3000:]
    assert "Vista previa: 1 indicador" in response.text
    assert (
        client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.indicator_values.get().value == Decimal("12.25")
    progress = report.project_progress.get()
    assert progress.payments == Decimal("250000000.50")
    assert progress.achievements == "Obra"  # the narrative typed on screen is kept
    rows_before = read_rows("a.xlsx", first)
    rows_after = read_rows("b.xlsx", exported(client, report))
    assert rows_before == rows_after


def test_a_name_typed_as_a_formula_is_exported_as_text_and_imports_back(
    staff_client, officer_user, report
):
    indicator = report.department.projects.get().indicators.get()
    indicator.name = '=HYPERLINK("http://evil","clic")'
    indicator.save()
    client = staff_client(officer_user)
    content = exported(client, report)
    cell = load_workbook(io.BytesIO(content)).active.cell(2, HEADERS.index("Indicador") + 1)
    assert (cell.value, cell.data_type) == (indicator.name, "s")
    # Had it been a formula, the import would refuse the file the system itself wrote.
    assert upload(client, report, "corte.xlsx", content).status_code == 200


def test_a_csv_in_utf8_imports(staff_client, officer_user, report):
    indicator = report.department.projects.get().indicators.get()
    csv_text = "Código proyecto;Código indicador;Ejecutado en el mes;Apropiación;Compromisos;Obligaciones;Pagos\n"
    csv_text += f"{indicator.project.code};{indicator.code};7,5;1.000.000;500.000;100.000;100.000\n"
    client = staff_client(officer_user)
    response = upload(client, report, "corte.csv", csv_text.encode())
    assert response.status_code == 200, response.text[-2000:]
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert report.indicator_values.get().value == Decimal("7.5")
    assert report.project_progress.get().appropriation == Decimal(1_000_000)


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"Ejecutado en el mes": "doce"}, "Ejecutado en el mes", "no es un número"),
        (
            {"Código indicador": "9.9.9.9.9"},
            "Código indicador",
            "no es un indicador de esta dependencia",
        ),
        ({"Apropiación": -5}, "Apropiación", "no puede ser negativo"),
        ({"Apropiación": 100, "Compromisos": 500}, "Compromisos", "superan la apropiación"),
        (
            {"Pagos": 900, "Compromisos": 100, "Apropiación": 1000},
            "Pagos",
            "superan las obligaciones",
        ),
        ({"Ejecutado en el mes": -3}, "Ejecutado en el mes", "negativo"),
        # Too big or too precise for the column: refused here, not by the database later.
        ({"Ejecutado en el mes": "1,23456"}, "Ejecutado en el mes", "más de 4 decimales"),
        ({"Ejecutado en el mes": 10**12}, "Ejecutado en el mes", "demasiado grande"),
        (
            {"Apropiación": 10**16, "Compromisos": 0, "Obligaciones": 0, "Pagos": 0},
            "Apropiación",
            "demasiado grande",
        ),
        ({"Apropiación": "1000,555"}, "Apropiación", "más de 2 decimales"),
    ],
)
def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_imported(
    staff_client, officer_user, report, changes, column, fragment
):
    client = staff_client(officer_user)
    response = upload(client, report, "corte.xlsx", edit(exported(client, report), changes))
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.row, e.column) for e in errors] == [(2, column)]
    assert fragment in errors[0].message
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert not report.indicator_values.exists()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("corte.xlsx", b"", "vacío"),
        ("corte.xlsx", b"esto no es un excel", "no es un libro de Excel"),
        # Only Rinde's own titles: no mapping step can find the missing one.
        (
            "corte.csv",
            b"Indicador;Ejecutado en el mes\nx;1\n",
            "Falta la columna «Código indicador»",
        ),
        ("corte.xlsx", b"PK" + b"0" * (10 * 1024 * 1024 + 10), "el máximo es 10 MB"),
        ("corte.xlsx", b"PK\x03\x04" + b"\x00" * 200, "no es un libro de Excel"),
        ("corte.xlsx", b"%PDF-1.7\n" + b"x" * 200, "no es un libro de Excel"),
    ],
)
def test_bad_files_get_a_precise_error(staff_client, officer_user, report, name, content, fragment):
    response = upload(staff_client(officer_user), report, name, content)
    assert response.status_code == 400
    assert fragment in " ".join(e.message for e in response.context["errors"])


def test_duplicate_rows_and_mismatched_budgets_are_refused(department):
    indicator = make_plan_tree(department)
    second = indicator.project.indicators.create(
        code=f"{indicator.code}b", name="Otro", unit="u", trend=Trend.INCREASE, target=Decimal(5)
    )
    header = [
        "Código proyecto",
        "Código indicador",
        "Ejecutado en el mes",
        "Apropiación",
        "Compromisos",
        "Obligaciones",
        "Pagos",
    ]
    p = indicator.project.code
    rows = [
        header,
        [p, indicator.code, 1, 100, 50, 10, 10],
        [p, indicator.code, 2, 100, 50, 10, 10],
        [p, second.code, 1, 200, 50, 10, 10],
    ]
    _values, _money, errors = parse_cut(
        rows,
        indicators_by_code={indicator.code: indicator, second.code: second},
        project_ids={indicator.project_id},
    )
    assert [(e.row, e.column) for e in errors] == [(3, "Código indicador"), (4, "Apropiación")]
    assert (
        "repetido" in errors[0].message and "no coincide con el de la fila 2" in errors[1].message
    )


def test_a_budget_repeated_on_a_projects_rows_is_checked_on_each(department):
    first = make_plan_tree(department)
    others = [
        first.project.indicators.create(
            code=f"{first.code}{n}", name="Otro", unit="u", target=Decimal(5)
        )
        for n in "bcd"
    ]
    p = first.project.code
    rows = [
        ["Código proyecto", "Código indicador", "Ejecutado en el mes"]
        + ["Apropiación", "Compromisos", "Obligaciones", "Pagos"],
        [p, first.code, 1, 100, 50, 1, 1],
        [p, others[0].code, 1, 100.0, 50, 1.0, 1],  # the same amounts, typed as decimals
        [p, others[1].code, 1, 100, 50, True, 1],  # equal to 1 in Python, not an amount
        [p, others[2].code, 1, 200, 50, 1, 1],
    ]
    _values, money, errors = parse_cut(
        rows,
        indicators_by_code={i.code: i for i in [first, *others]},
        project_ids={first.project_id},
    )
    assert [(e.row, e.column) for e in errors] == [(4, "Obligaciones"), (5, "Apropiación")]
    assert "no coincide con el de la fila 3" in errors[1].message
    assert money == {
        first.project_id: {
            "appropriation": Decimal(100),
            "commitments": Decimal(50),
            "obligations": Decimal(1),
            "payments": Decimal(1),
        }
    }


def test_an_approved_cut_cannot_be_imported_over(staff_client, officer_user, planning_user, report):
    indicator = report.department.projects.get().indicators.get()
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(1)}, finances={})
    services.submit_report(report, actor=officer_user)
    services.review_report(report, actor=planning_user, approve=True)
    response = staff_client(officer_user).get(f"/panel/plan/cortes/{report.pk}/importar/")
    assert response.status_code == 302
    assert ProgressReport.objects.get().indicator_values.get().value == Decimal(1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234.567,89", Decimal("1234567.89")),
        ("1.000.000", Decimal(1000000)),
        ("7.500", Decimal(7500)),
        ("12.25", Decimal("12.25")),
        ("$ 2.000", Decimal(2000)),
        (3, Decimal(3)),
        (2.5, Decimal("2.5")),
        ("", None),
    ],
)
def test_numbers_are_read_the_colombian_way(raw, expected):
    assert decimal(raw) == expected


def workbook_bytes(rows: list[list], *, merge: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CUT_HEADER = [
    "Código proyecto",
    "Código indicador",
    "Ejecutado en el mes",
    "Apropiación",
    "Compromisos",
    "Obligaciones",
    "Pagos",
]


def test_a_csv_in_latin1_is_read_with_a_visible_notice(staff_client, officer_user, report):
    indicator = report.department.projects.get().indicators.get()
    text = ";".join(CUT_HEADER) + "\n"
    text += f"{indicator.project.code};{indicator.code};4;1.000;500;100;100\n"
    client = staff_client(officer_user)
    response = upload(client, report, "corte.csv", text.encode("latin-1"))
    assert response.status_code == 200, response.text[-2000:]
    assert "se leyó como Latin-1" in response.text
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert report.indicator_values.get().value == Decimal(4)


def test_a_50_mb_file_is_refused_with_the_limit_before_it_is_read():
    class Huge:
        name = "corte.xlsx"
        size = 50 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("read before checking the size")

    with pytest.raises(spreadsheet.SpreadsheetError, match="pesa 50,0 MB; el máximo es 10 MB"):
        import_services.read_upload(Huge())


def test_a_50_mb_upload_gets_the_limit_and_nothing_is_imported(staff_client, officer_user, report):
    content = b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024)
    response = upload(staff_client(officer_user), report, "corte.xlsx", content)
    assert response.status_code == 400
    assert "el máximo es 10 MB" in response.context["errors"][0].message
    assert not report.indicator_values.exists()


def test_merged_cells_are_refused_in_a_number_column_with_their_range(
    staff_client, officer_user, report
):
    indicator = report.department.projects.get().indicators.get()
    p = indicator.project.code
    content = workbook_bytes(
        [CUT_HEADER, [p, indicator.code, 1, 100, 50, 0, 10], [p, "x", None, 100, 50, 0, 10]],
        merge="C2:C3",
    )
    response = upload(staff_client(officer_user), report, "corte.xlsx", content)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.row, e.column, e.letter) for e in errors] == [(2, "Ejecutado en el mes", "C")]
    assert "C2:C3 están combinadas" in errors[0].message
    assert not report.indicator_values.exists()


def test_a_merged_text_cell_is_every_row_s_value(staff_client, officer_user, report):
    """An "Eje" or a project code merged down its rows means that value on each row."""
    indicator = report.department.projects.get().indicators.get()
    second = indicator.project.indicators.create(
        code="I-2", name="Otro", unit="u", target=Decimal(10)
    )
    p = indicator.project.code
    content = workbook_bytes(
        [
            CUT_HEADER,
            [p, indicator.code, 1, 100, 50, 10, 10],
            [None, second.code, 2, 100, 50, 10, 10],
        ],
        merge="A2:A3",
    )
    client = staff_client(officer_user)
    response = upload(client, report, "corte.xlsx", content)
    assert response.status_code == 200, response.context["errors"]
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert report.indicator_values.get(indicator=second).value == 2


def test_a_formula_is_read_by_its_calculated_value_and_the_preview_says_so(
    staff_client, officer_user, report
):
    indicator = report.department.projects.get().indicators.get()
    row = [indicator.project.code, indicator.code, "=2+3", 100, "=D2/2", 10, 10]
    content = sheets.workbook([CUT_HEADER, row], cached={"C2": 5, "E2": 50})
    client = staff_client(officer_user)
    response = upload(client, report, "corte.xlsx", content)
    assert response.status_code == 200, response.context["errors"]
    assert "2 celdas con fórmula leídas por su valor calculado" in response.text
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert report.indicator_values.get().value == 5
    assert report.project_progress.get().commitments == 50


def test_a_formula_without_a_value_is_refused_only_in_a_column_rinde_reads(
    staff_client, officer_user, report
):
    indicator = report.department.projects.get().indicators.get()
    header = [*CUT_HEADER, "Línea estratégica"]
    row = [indicator.project.code, indicator.code, "=2+3", 100, 50, 10, 10, '=CONCAT("a","b")']
    response = upload(
        staff_client(officer_user), report, "corte.xlsx", sheets.workbook([header, row])
    )
    assert response.status_code == 400
    errors = response.context["errors"]
    # H holds one too, but Rinde does not read that column.
    assert [(e.row, e.column, e.letter) for e in errors] == [(2, "Ejecutado en el mes", "C")]
    assert "La celda C2 tiene una fórmula sin valor calculado" in errors[0].message


def test_the_reader_finds_formula_cells_with_and_without_their_value():
    content = sheets.workbook(
        [CUT_HEADER, ["P1", "I1", "=2+3", "=1/0", 50, 0, 10]], cached={"C2": 5}
    )
    found = sandbox.check_archive(content, sandbox.DEFAULTS)
    assert sandbox.formula_cells(content, found) == [["C", 2, "value"], ["D", 2, "empty"]]
    plain = workbook_bytes([CUT_HEADER, ["P1", "I1", 5, 100, 50, 0, 10]])
    assert sandbox.formula_cells(plain, sandbox.check_archive(plain, sandbox.DEFAULTS)) == []


def test_a_workbook_without_rows_is_empty(staff_client, officer_user, report):
    response = upload(staff_client(officer_user), report, "corte.xlsx", workbook_bytes([]))
    assert response.status_code == 400
    assert "vacío" in response.context["errors"][0].message


def test_a_missing_column_in_xlsx_is_named(staff_client, officer_user, report):
    content = workbook_bytes([CUT_HEADER[:2] + CUT_HEADER[3:], ["x", "y", 1, 1, 1, 1]])
    response = upload(staff_client(officer_user), report, "corte.xlsx", content)
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [(1, "Ejecutado en el mes")]


def test_achievement_over_the_four_year_target_is_accepted_with_a_warning(
    staff_client, officer_user, planning_user, department
):
    indicator = make_plan_tree(department, target=100)
    plan = indicator.project.program.component.line.plan
    november = services.start_report(
        plan=plan, department=department, period=date(2023, 11, 1), actor=officer_user
    )
    services.save_report(
        november, actor=officer_user, values={indicator.pk: Decimal(90)}, finances={}
    )
    services.submit_report(november, actor=officer_user)
    services.review_report(november, actor=planning_user, approve=True)
    december = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    content = workbook_bytes(
        [CUT_HEADER, [indicator.project.code, indicator.code, 25, 100, 50, 10, 10]]
    )
    client = staff_client(officer_user)
    response = upload(client, december, "corte.xlsx", content)
    assert response.status_code == 200
    [warning] = response.context["warnings"]
    assert (warning.row, warning.column) == (2, "Ejecutado en el mes")
    assert "suma 115 de una meta cuatrienio de 100" in warning.message
    assert "90 en meses anteriores + 25 en este" in warning.message
    client.post(f"/panel/plan/cortes/{december.pk}/importar/", {"confirm": "1"})
    assert december.indicator_values.get().value == Decimal(25)


def test_an_unknown_project_code_is_refused(department):
    indicator = make_plan_tree(department)
    rows = [CUT_HEADER, ["no-existe", indicator.code, 1, 100, 50, 0, 10]]
    _values, _money, errors = parse_cut(
        rows,
        indicators_by_code={indicator.code: indicator},
        project_ids={indicator.project_id},
    )
    assert [(e.row, e.column) for e in errors] == [(2, "Código proyecto")]
    assert "no de «no-existe»" in errors[0].message


def test_the_import_is_audited_and_stores_its_file(staff_client, officer_user, report):
    client = staff_client(officer_user)
    upload(client, report, "corte.xlsx", exported(client, report))
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.filename == "corte.xlsx"
    assert AuditEntry.objects.filter(action="plan.report.import").count() == 1


def test_a_plan_changed_between_preview_and_confirmation_imports_nothing(
    staff_client, officer_user, report, other_department
):
    client = staff_client(officer_user)
    upload(client, report, "corte.xlsx", edit(exported(client, report), {"Ejecutado en el mes": 3}))
    project = report.department.projects.get()
    project.department = other_department
    project.save()
    response = client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    job = ImportJob.objects.get()
    assert response.url == f"/panel/plan/importaciones/{job.pk}/"
    assert job.status == ImportJob.Status.FAILED
    assert "el plan cambió desde la vista previa" in client.get(response.url).text
    assert not report.indicator_values.exists()


def test_the_narrative_and_territories_typed_on_screen_survive_an_import(
    staff_client, officer_user, report
):
    comuna = Territory.objects.create(name="Comuna 1", kind=Territory.Kind.COMUNA)
    project = report.department.projects.get()
    finances = {
        project.pk: {
            "appropriation": Decimal(100),
            "commitments": Decimal(50),
            "obligations": Decimal(10),
            "payments": Decimal(10),
            "achievements": "Obra entregada",
            "difficulties": "Lluvias",
            "evidence_url": "https://example.org/actas",
            "territories": [comuna],
        }
    }
    services.save_report(report, actor=officer_user, values={}, finances=finances)
    client = staff_client(officer_user)
    upload(client, report, "corte.xlsx", edit(exported(client, report), {"Apropiación": 200}))
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    progress = report.project_progress.get()
    assert progress.appropriation == Decimal(200)
    assert (progress.achievements, progress.difficulties) == ("Obra entregada", "Lluvias")
    assert progress.evidence_url == "https://example.org/actas"
    assert list(progress.territories.all()) == [comuna]


def test_float_artefacts_are_rounded_with_a_warning_not_refused(staff_client, officer_user, report):
    indicator = report.department.projects.get().indicators.get()
    row = [indicator.project.code, indicator.code, 0.9999999999999999, 100, 50.004999999, 10, 10]
    client = staff_client(officer_user)
    response = upload(client, report, "corte.xlsx", workbook_bytes([CUT_HEADER, row]))
    assert response.status_code == 200, response.context["errors"]
    warnings = {(w.row, w.column): w.message for w in response.context["warnings"]}
    assert "0,9999999999999999 se leyó como 1" in warnings[(2, "Ejecutado en el mes")]
    assert (2, "Compromisos") in warnings
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert report.indicator_values.get().value == 1
    assert report.project_progress.get().commitments == Decimal("50.00")


def test_thousands_of_errors_are_grouped_by_column_and_kind(staff_client, officer_user, report):
    indicator = report.department.projects.get().indicators.get()
    p = indicator.project.code
    rows = [CUT_HEADER] + [[p, f"X-{n}", "=1+1", 1, 1, 0, 0] for n in range(2000)]
    response = upload(staff_client(officer_user), report, "corte.xlsx", sheets.workbook(rows))
    assert response.status_code == 400
    errors = response.context["errors"]
    assert [(e.row, e.column, e.letter) for e in errors] == [(2, "Ejecutado en el mes", "C")]
    assert errors[0].message.startswith("2000 celdas con este problema (filas 2, 3, 4, 5, 6 y")
    assert "fórmula sin valor calculado" in errors[0].message
    assert len(response.content) < 30_000


def test_a_csv_s_decimal_separator_is_detected_per_file_and_shown(
    staff_client, officer_user, report
):
    """Issue 20: a CSV's "0.125" became 125. Its other cells ("1500.50") show a decimal
    point, so "1.234" is 1.234 in this file, not 1234, and the preview says how it read."""
    indicator = report.department.projects.get().indicators.get()
    text = "Código proyecto;Código indicador;Ejecutado en el mes;Apropiación;Compromisos;Obligaciones;Pagos\n"
    text += f"{indicator.project.code};{indicator.code};1.234;1500.50;600;0.5;0\n"
    client = staff_client(officer_user)
    response = upload(client, report, "corte.csv", text.encode())
    assert response.status_code == 200, response.context["errors"]
    assert "usan punto decimal (1,234.5): así se leyeron" in response.text
    client.post(f"/panel/plan/cortes/{report.pk}/importar/", {"confirm": "1"})
    assert report.indicator_values.get().value == Decimal("1.234")
    progress = report.project_progress.get()
    assert (progress.appropriation, progress.obligations) == (Decimal("1500.50"), Decimal("0.5"))


def test_the_cut_preview_shows_each_project_s_budget_in_pesos(staff_client, officer_user, report):
    indicator = report.department.projects.get().indicators.get()
    row = [indicator.project.code, indicator.code, 7.5, 4917500000, 600000000, 20, 10.5]
    response = upload(
        staff_client(officer_user), report, "corte.xlsx", workbook_bytes([CUT_HEADER, row])
    )
    assert response.status_code == 200, response.context["errors"]
    assert (
        "<td>$ 4.917.500.000</td><td>$ 600.000.000</td><td>$ 20</td><td>$ 10,50</td>"
        in response.text.replace("\u00a0", " ")
    )
    assert "<td>7,5</td>" in response.text
