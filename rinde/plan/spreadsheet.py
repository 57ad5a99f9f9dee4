"""Monthly cuts as spreadsheets, in the layout municipal tracking sheets use: one row per
product indicator, with its project's budget. Export and import use the same columns, so an
exported file imports back unchanged. Parsing is pure and reports every error by row and
column; applying is the service's one transaction (all or nothing)."""

import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from operator import itemgetter

from openpyxl import Workbook
from openpyxl.styles import Font

from rinde.core import safe_read
from rinde.core.safe_read_sandbox import column_letter
from rinde.core.spreadsheet_cells import xlsx_row
from rinde.plan import money_rules

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# The plan's sheets: up to MAX_ROWS rows and the template's columns, with room to spare.
LIMITS = safe_read.Limits(max_rows=MAX_ROWS, max_columns=200)
# (header, key, is the value read on import)
COLUMNS = [
    ("Línea estratégica", "line", False),
    ("Componente / sector", "component", False),
    ("Programa", "program", False),
    ("Código proyecto", "project", True),
    ("Proyecto", "project_name", False),
    ("BPIN", "bpin", False),
    ("Código indicador", "indicator", True),
    ("Indicador", "indicator_name", False),
    ("Unidad", "unit", False),
    ("Tendencia (I/M/R)", "trend", False),
    ("Línea base", "baseline", False),
    ("Meta cuatrienio", "target", False),
    ("Dependencia responsable", "department", False),
    ("Ejecutado en el mes", "value", True),
    ("Apropiación", "appropriation", True),
    ("Compromisos", "commitments", True),
    ("Obligaciones", "obligations", True),
    ("Pagos", "payments", True),
]
HEADERS = [c[0] for c in COLUMNS]
MONEY = ("appropriation", "commitments", "obligations", "payments")
# The columns' sizes (models.QUANTITY, models.MONEY): a cell that does not fit is refused
# while the file is checked, not by the database when the cut is saved.
QUANTITY_DIGITS, QUANTITY_DECIMALS = 16, 4
MONEY_DIGITS, MONEY_DECIMALS = 18, 2
TREND_LETTER = {"increase": "I", "maintain": "M", "reduce": "R"}


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str


class SpreadsheetError(ValueError):
    pass


class CellErrors(SpreadsheetError):
    """Several problems found while reading, each at its row and column."""

    def __init__(self, errors: list[CellError]):
        super().__init__(errors[0].message)
        self.errors = errors


def write_cut(department, indicators, values: dict[int, Decimal], money: dict[int, tuple]) -> bytes:
    """`indicators` with project__program__component__line selected; `money` is
    {project_id: (appropriation, commitments, obligations, payments)}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Corte"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i in indicators:
        project = i.project
        program = project.program
        appropriation, commitments, obligations, payments = money.get(project.pk, (None,) * 4)
        value = values.get(i.pk)
        sheet.append(
            xlsx_row(
                sheet,
                [
                    str(program.component.line),
                    str(program.component),
                    str(program),
                    project.code,
                    project.name,
                    project.bpin,
                    i.code,
                    i.name,
                    i.unit,
                    TREND_LETTER[i.trend],
                    float(i.baseline),
                    float(i.target),
                    department.name,
                    None if value is None else _number(value),
                    *(
                        None if m is None else _number(m)
                        for m in (appropriation, commitments, obligations, payments)
                    ),
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text_of(raw) -> str:
    """A cell as text: a code typed as a number (1, read as 1.0) is "1"; spaces collapsed."""
    if raw is None:
        return ""
    if type(raw) is float and raw.is_integer():
        return str(int(raw))
    return " ".join(str(raw).split())


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Table:
    """A file's rows as lists of cells (header first) and the notes the reading left (e.g.
    the encoding a CSV was decoded with), shown beside the preview."""

    rows: list[list]
    notes: list[str] = field(default_factory=list)


def check_size(size: int) -> None:
    """Refuse a file by its declared size, before reading a byte of it."""
    if size > MAX_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        raise SpreadsheetError(
            f"El archivo pesa {megabytes} MB; el máximo es {MAX_BYTES // (1024 * 1024)} MB. "
            "Divídalo o quite las hojas y columnas que sobran."
        )


def read_rows(filename: str, data: bytes) -> list[list]:
    """The file's rows as lists of cells (header first). Raises SpreadsheetError."""
    return read_table(filename, data).rows


def read_table(filename: str, data: bytes) -> Table:
    """Read an .xlsx (first sheet) or a .csv through the safe reader (rinde.core.safe_read:
    checked, then parsed in a child process under a memory limit). Raises SpreadsheetError
    for a file that is not what its name says, too big, empty, hostile, with merged cells
    or with formulas."""
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
    rows = sheet.rows
    header = rows[0] if rows else []
    problems = [_merged_error(tuple(start), tuple(end), header) for start, end in sheet.merged]
    problems += [_formula_error(letters, row, header) for letters, row in sheet.formulas]
    if problems:
        raise CellErrors(problems)
    return Table(rows)


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


def _column_title(header: list, index: int) -> str:
    title = header[index] if index < len(header) else ""
    return str(title).strip() if title not in (None, "") else column_letter(index)


def _merged_error(start: tuple[int, int], end: tuple[int, int], header: list) -> CellError:
    span = f"{column_letter(start[1])}{start[0] + 1}:{column_letter(end[1])}{end[0] + 1}"
    return CellError(
        start[0] + 1,
        _column_title(header, start[1]),
        f"Las celdas {span} están combinadas. Descombínelas y escriba el valor en cada fila: "
        "al leerlas, solo la primera celda tiene el valor y las demás quedarían vacías.",
    )


def _formula_error(letters: str, row: int, header: list) -> CellError:
    """Formulas are refused: the reader sees only the value Excel last saved, and a file
    written by another program may hold no value at all (it would read as empty)."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return CellError(
        row,
        _column_title(header, index - 1),
        f"La celda {letters}{row} tiene una fórmula. Copie la columna y péguela "
        "«solo valores» antes de importar.",
    )


def bounded(value: Decimal, digits: int, decimals: int) -> bool:
    """Whether a number fits a column of `digits` digits, `decimals` of them decimals."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        return False
    return abs(value) < Decimal(10) ** (digits - decimals)


def _decimal(raw) -> Decimal | None:
    kind = type(raw)
    # Numbers typed in a spreadsheet come as floats: whole ones (most amounts in pesos)
    # convert exactly through int, which is several times faster than through text.
    if kind is float:
        if raw.is_integer():
            return Decimal(int(raw))
        if not math.isfinite(raw):
            raise InvalidOperation
        return Decimal(repr(raw))
    if kind is int:
        return Decimal(raw)
    if raw is None:
        return None
    if kind is bool:
        raise InvalidOperation
    text = str(raw).strip().replace("$", "").replace(" ", "")
    if not text:
        return None
    # Colombian writing: dots group thousands and the comma marks decimals (1.234.567,89).
    # Without a comma, several dots, or one dot before exactly three digits, are thousands
    # too (1.000.000, 7.500); any other single dot is a decimal point (12.25).
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        text = text.replace(".", "")
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation
    return value


def parse_cut(
    rows: list[list],
    *,
    indicators_by_code: dict,
    project_ids: set[int],
    rows_of: dict[int, int] | None = None,
    progress=None,
):
    """→ (values {indicator_id: Decimal|None}, money {project_id: dict}, [CellError]).
    `rows_of`, when given, receives {indicator_id: row number}; `progress(n)` is called
    every 2,000 rows."""
    errors: list[CellError] = []
    if not rows:
        return {}, {}, [CellError(1, "", "El archivo está vacío.")]
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    positions = {}
    for title, key, needed in COLUMNS:
        if title in header:
            positions[key] = header.index(title)
        elif needed:
            errors.append(CellError(1, title, f"Falta la columna «{title}»."))
    if errors:
        return {}, {}, errors
    if len(rows) > MAX_ROWS + 1:
        return {}, {}, [CellError(0, "", f"El archivo tiene más de {MAX_ROWS} filas.")]
    values: dict[int, Decimal | None] = {}
    money: dict[int, dict] = {}
    money_row: dict[int, int] = {}
    money_titles = {key: next(t for t, k, _ in COLUMNS if k == key) for key in MONEY}
    width = max(positions.values()) + 1
    code_at, project_at, value_at = (positions[k] for k in ("indicator", "project", "value"))
    money_at = [(key, positions[key], money_titles[key]) for key in MONEY]
    money_cells = itemgetter(*(positions[key] for key in MONEY))
    # {project_id: its budget cells as read}: a project's budget repeats on each of its
    # indicators' rows (4 on average), and cells equal to a row already read and checked
    # need not be read again (60,000 of a 20,000-row cut's 100,000 numbers).
    cells_of: dict[int, tuple] = {}
    for number, row in enumerate(islice(rows, 1, None), start=2):
        if progress is not None and number % 2000 == 0:
            progress(number - 1)
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]
        if row[code_at] in (None, "") and not any(cell not in (None, "") for cell in row):
            continue

        code = text_of(row[code_at])
        indicator = indicators_by_code.get(code)
        if indicator is None:
            errors.append(
                CellError(
                    number,
                    "Código indicador",
                    f"«{code}» no es un indicador de esta dependencia."
                    if code
                    else "Falta el código del indicador.",
                )
            )
            continue
        if indicator.pk in values:
            errors.append(
                CellError(number, "Código indicador", f"El indicador {code} está repetido.")
            )
            continue
        project_code = text_of(row[project_at])
        if project_code and project_code != indicator.project.code:
            errors.append(
                CellError(
                    number,
                    "Código proyecto",
                    f"El indicador {code} es del proyecto {indicator.project.code}, no de «{project_code}».",
                )
            )
            continue
        try:
            value = _decimal(row[value_at])
        except (InvalidOperation, ValueError):
            errors.append(
                CellError(
                    number, "Ejecutado en el mes", f"«{str(row[value_at])[:20]}» no es un número."
                )
            )
            continue
        if value is not None and not bounded(value, QUANTITY_DIGITS, QUANTITY_DECIMALS):
            errors.append(
                CellError(
                    number,
                    "Ejecutado en el mes",
                    f"«{str(row[value_at])[:20]}» tiene más de {QUANTITY_DECIMALS} decimales "
                    "o es demasiado grande.",
                )
            )
            continue
        if value is not None and value < 0 and indicator.trend == "increase":
            errors.append(
                CellError(
                    number,
                    "Ejecutado en el mes",
                    "Un indicador de incremento no puede tener un valor negativo.",
                )
            )
            continue
        values[indicator.pk] = value
        if rows_of is not None:
            rows_of[indicator.pk] = number
        cells = money_cells(row)
        if cells_of.get(indicator.project_id) == cells and not _has_bool(cells):
            money_row[indicator.project_id] = number
            continue
        row_money = {}
        for key, at, title in money_at:
            try:
                amount = _decimal(row[at])
            except (InvalidOperation, ValueError):
                errors.append(
                    CellError(number, title, f"«{str(row[at])[:20]}» no es un valor en pesos.")
                )
                continue
            if amount is not None and amount < 0:
                errors.append(CellError(number, title, "El valor no puede ser negativo."))
                continue
            if amount is not None and not bounded(amount, MONEY_DIGITS, MONEY_DECIMALS):
                errors.append(
                    CellError(
                        number,
                        title,
                        f"«{str(row[at])[:20]}» tiene más de {MONEY_DECIMALS} decimales "
                        "o es demasiado grande.",
                    )
                )
                continue
            row_money[key] = amount if amount is not None else Decimal(0)
        if len(row_money) != len(MONEY):
            continue
        if chain_errors := money_rules.money_errors(*(row_money[key] for key in MONEY)):
            errors.extend(
                CellError(number, money_titles[key], message) for key, message in chain_errors
            )
            continue
        project_id = indicator.project_id
        if project_id not in project_ids:
            errors.append(
                CellError(number, "Código proyecto", "El proyecto no es de esta dependencia.")
            )
            continue
        if project_id in money and money[project_id] != row_money:
            # Named by the column that differs (it had always said "Apropiación").
            errors.extend(
                CellError(
                    number,
                    money_titles[key],
                    f"El presupuesto del proyecto {indicator.project.code} no coincide con el de la fila {money_row[project_id]}.",
                )
                for key in money_rules.changed_fields(money[project_id], row_money)
            )
            continue
        money[project_id] = row_money
        money_row[project_id] = number
        cells_of[project_id] = cells
    if not values and not errors:
        errors.append(CellError(2, "", "El archivo no tiene filas con indicadores."))
    if progress is not None:
        progress(len(rows) - 1)
    return values, money, errors


def _has_bool(cells: tuple) -> bool:
    """True == 1 and False == 0 in Python, but a TRUE/FALSE cell is not an amount: cells
    equal to checked ones are the same amounts only if none is a boolean."""
    return any(type(cell) is bool for cell in cells)


def over_target(
    values: dict[int, Decimal | None],
    *,
    indicators_by_pk: dict,
    achieved_before: dict[int, Decimal],
    rows_of: dict[int, int],
) -> list[CellError]:
    """Warnings, not errors: an increase indicator whose cumulative achievement (the
    approved months before this one plus this month) passes its four-year target. Plans are
    sometimes exceeded; the figure is kept and progress is capped at 100 % (plan-rules.md),
    but the person sees it in the preview before confirming, in case of a typo."""
    warnings = []
    for pk, value in values.items():
        indicator = indicators_by_pk[pk]
        if value is None or indicator.trend != "increase" or not indicator.target:
            continue
        total = achieved_before.get(pk, Decimal(0)) + value
        if total > indicator.target:
            warnings.append(
                CellError(
                    rows_of.get(pk, 0),
                    "Ejecutado en el mes",
                    f"Con este valor, el indicador {indicator.code} suma "
                    f"{_plain(total)} de una meta cuatrienio de {_plain(indicator.target)} "
                    f"({_plain(achieved_before.get(pk, Decimal(0)))} en meses anteriores "
                    f"+ {_plain(value)} en este). Se acepta, pero revise que no sea un error.",
                )
            )
    return warnings


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text
