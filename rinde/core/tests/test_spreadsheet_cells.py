import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from rinde.core.spreadsheet_cells import csv_cell, csv_row, xlsx_row

HYPERLINK = '=HYPERLINK("http://evil","clic")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+57 300 123 4567", "'+57 300 123 4567"),
        ("-5", "'-5"),  # typed as text: Excel would compute it
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Calle 50 = Carrera 36", "Calle 50 = Carrera 36"),
        ("", ""),
        (-5, -5),  # a number stays a number
        (Decimal("-1.5"), Decimal("-1.5")),
        (date(2024, 1, 2), date(2024, 1, 2)),
        (None, None),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_evaluate_get_an_apostrophe(value, written):
    assert csv_cell(value) == written


def test_a_csv_row_is_neutralised_cell_by_cell():
    assert csv_row([7, "=1+1", "texto", -5]) == [7, "'=1+1", "texto", -5]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_is_a_text_cell_with_the_exact_text_whatever_it_starts_with(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("datos") if write_only else workbook.active
    values = [HYPERLINK, "#N/A", "-5", "@SUM(A1)", "texto", 5]
    sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)

    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())
    assert [c.value for c in cells] == values
    assert [c.data_type for c in cells[:5]] == ["s"] * 5
    assert cells[5].data_type == "n"
