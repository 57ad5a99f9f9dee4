"""The safe reader against hostile files, generated here (hostile.py). Each read runs in
the child process: this test finishing is the proof the process reading survives."""

import io

import pytest
from openpyxl import Workbook

from rinde.core import safe_read
from rinde.core.tests import hostile

LIMITS = safe_read.Limits(max_rows=50_000)


def problem(call) -> safe_read.Problem:
    with pytest.raises(safe_read.ReadError) as raised:
        call()
    return raised.value.problems[0]


def test_it_reads_a_normal_workbook():
    workbook = Workbook()
    workbook.active.append(["Código", "Valor"])
    workbook.active.append(["I1", 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = safe_read.read_xlsx(buffer.getvalue(), LIMITS)
    assert sheet.rows == [["Código", "Valor"], ["I1", 12.5]]


def test_it_refuses_cells_at_a1_and_xfd1048576_before_parsing():
    found = problem(lambda: safe_read.read_xlsx(hostile.far_cells(), LIMITS))
    assert "usa la celda A1048576" in found.message


def test_it_refuses_a_declared_dimension_beyond_the_layout():
    found = problem(lambda: safe_read.read_xlsx(hostile.declared_dimension(), LIMITS))
    assert "declara el rango A1:XFD1048576" in found.message


def test_it_refuses_cells_without_a_reference_placed_beyond_the_layout():
    found = problem(lambda: safe_read.read_xlsx(hostile.unplaced_cells(300), LIMITS))
    assert "usa la celda" in found.message
    assert safe_read.read_xlsx(hostile.unplaced_cells(10), LIMITS).rows == [[*[""] * 10, 1.0]]


def test_it_refuses_a_zip_bomb_by_its_compression_ratio():
    found = problem(lambda: safe_read.read_xlsx(hostile.zip_bomb(40), LIMITS))
    assert "se comprime más de 200 a 1" in found.message


def test_it_refuses_a_member_that_inflates_past_its_declared_size():
    found = problem(lambda: safe_read.read_xlsx(hostile.lying_directory(20), LIMITS))
    assert "no tiene el tamaño que declara" in found.message


def test_it_refuses_too_many_members():
    found = problem(lambda: safe_read.read_xlsx(hostile.many_members(1000), LIMITS))
    assert "tiene 1005 partes internas; el máximo es 500" in found.message


def test_it_refuses_xml_entities():
    found = problem(lambda: safe_read.read_xlsx(hostile.billion_laughs(), LIMITS))
    assert "declara entidades XML" in found.message


def test_it_refuses_a_member_bigger_than_the_limit():
    small = safe_read.Limits(max_rows=10, max_member_bytes=1024 * 1024)
    found = problem(lambda: safe_read.read_xlsx(hostile.zip_bomb(2), small))
    assert "ocupa más de 1 MB" in found.message


def test_the_child_runs_under_the_memory_limit(settings):
    """A 1.4 KB sheet inside the layout (A1 and GR50001) that calamine fills as 10 million
    cells: ~400 MB. Under a 128 MB limit the child fails, and the caller gets an error."""
    sheet = hostile.xlsx(
        hostile.sheet_xml(
            b'<row r="1"><c r="A1"><v>1</v></c></row>'
            b'<row r="50001"><c r="GR50001"><v>1</v></c></row>'
        )
    )
    settings.FILE_READER_MEMORY_MB = 128
    found = problem(lambda: safe_read.read_xlsx(sheet, LIMITS))
    assert "pasó el límite de 128 MB de memoria" in found.message


def test_the_child_runs_under_a_time_limit(settings, monkeypatch):
    settings.FILE_READER_SECONDS = 1
    monkeypatch.setattr(safe_read, "_command", lambda: ["/bin/sleep", "5"])
    found = problem(lambda: safe_read.read_csv("a,b\n", LIMITS))
    assert "tardó más de 1 segundos" in found.message


def test_it_names_the_row_and_column_of_an_oversize_csv_cell():
    text = "codigo,texto\nI1,corto\nI2," + "x" * 200_000 + "\n"
    found = problem(lambda: safe_read.read_csv(text, LIMITS))
    assert (found.row, found.column) == (3, "texto")
    assert found.message == "Fila 3, columna texto: la celda tiene más de 32768 caracteres."


def test_it_bounds_a_csv_line_count_and_an_unclosed_quote():
    many_rows = safe_read.Limits(max_rows=1_000_000)
    found = problem(lambda: safe_read.read_csv("a\n" * 300_000, many_rows))
    assert "más de 200000 líneas" in found.message
    unclosed = 'a,b\n1,"' + ("y" * 1000 + "\n") * 300
    assert (
        "¿falta cerrar unas comillas?"
        in problem(lambda: safe_read.read_csv(unclosed, LIMITS)).message
    )


def test_bidi_controls_are_read_as_plain_content():
    rows = safe_read.read_csv("autor,texto\n\u202eanA\u202c,\u2067hola\u2069\n", LIMITS)
    assert rows[1] == ["\u202eanA\u202c", "\u2067hola\u2069"]
