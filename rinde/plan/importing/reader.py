"""The file as it is: an .xlsx's first sheet or a CSV, read through the hostile-file
limits (`rinde.core.safe_read`: checked, then parsed in a child process) into a `Table`.

Nothing about columns is decided here: formulas are read by the value Excel last
calculated (the sheet's cached value) and merged cells as calamine gives them; which of
them matter depends on which columns Rinde reads (`mapping.apply`)."""

from dataclasses import dataclass, field

from rinde.core import safe_read
from rinde.core.safe_read_sandbox import column_index
from rinde.plan.importing.problems import CellError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# The plan's sheets: up to MAX_ROWS rows and the template's columns, with room to spare.
LIMITS = safe_read.Limits(max_rows=MAX_ROWS, max_columns=200)


class SpreadsheetError(ValueError):
    pass


class CellErrors(SpreadsheetError):
    """Several problems found while reading, each at its row and column."""

    def __init__(self, errors: list[CellError]):
        super().__init__(errors[0].message)
        self.errors = errors


@dataclass
class Table:
    """A file's rows as lists of cells, the notes the reading left (the encoding a CSV was
    decoded with, how many formulas were read by their value), its formula cells that
    carry no usable value {(row index, column index): "empty" | "error"} and its merged
    ranges [((row, column), (row, column))], all 0-based."""

    rows: list[list]
    notes: list[str] = field(default_factory=list)
    bad_formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list = field(default_factory=list)


def check_size(size: int) -> None:
    """Refuse a file by its declared size, before reading a byte of it."""
    if size > MAX_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        raise SpreadsheetError(
            f"El archivo pesa {megabytes} MB; el máximo es {MAX_BYTES // (1024 * 1024)} MB. "
            "Divídalo o quite las hojas y columnas que sobran."
        )


def read_rows(filename: str, data: bytes) -> list[list]:
    """The file's rows as lists of cells. Raises SpreadsheetError."""
    return read_table(filename, data).rows


def read_table(filename: str, data: bytes) -> Table:
    """Read an .xlsx (first sheet) or a .csv. Raises SpreadsheetError for a file that is
    not what its name says, too big, empty or hostile."""
    check_size(len(data))
    if not data.strip():
        raise SpreadsheetError("El archivo está vacío.")
    if filename.lower().endswith(".csv"):
        return _read_csv(data)
    if not data.startswith(b"PK"):
        raise SpreadsheetError(
            "El archivo no es un libro de Excel (.xlsx) válido, aunque su nombre lo diga."
        )
    try:
        sheet = safe_read.read_xlsx(data, LIMITS)
    except safe_read.ReadError as error:
        raise _cell_errors(error) from None
    notes = []
    with_value = sum(1 for _letters, _row, state in sheet.formulas if state == "value")
    if with_value:
        notes.append(
            f"{with_value} celdas con fórmula leídas por su valor calculado (el que Excel "
            "guardó la última vez que calculó el libro)."
        )
    bad = {
        (row - 1, column_index(letters) - 1): state
        for letters, row, state in sheet.formulas
        if state != "value"
    }
    if not any(cell not in (None, "") for row in sheet.rows for cell in row):
        raise SpreadsheetError("El archivo está vacío.")
    merged = [(tuple(start), tuple(end)) for start, end in sheet.merged]
    return Table(sheet.rows, notes, bad, merged)


def _cell_errors(error: safe_read.ReadError) -> CellErrors:
    return CellErrors([CellError(p.row, p.column, p.message) for p in error.problems])


def _read_csv(data: bytes) -> Table:
    notes = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Excel in Spanish saves «CSV (delimitado por comas)» in Windows-1252 (Latin-1 with
        # a few more letters); it decodes any byte, so the person is told and checks the
        # accents in the preview.
        text = data.decode("cp1252", errors="replace")
        notes.append(
            f"El CSV no estaba en UTF-8 (byte {error.start}): se leyó como Latin-1 "
            "(Windows-1252). Revise las tildes y eñes en la vista previa; para evitarlo, "
            "guárdelo como «CSV UTF-8 (delimitado por comas)»."
        )
    try:
        return Table(safe_read.read_csv(text, LIMITS), notes)
    except safe_read.ReadError as error:
        raise _cell_errors(error) from None
