"""Monthly cuts as spreadsheets, in the layout municipal tracking sheets use: one row per
product indicator, with its project's budget. Export and import use the same columns, so an
exported file imports back unchanged. Parsing is pure and reports every error by row and
column; applying is the service's one transaction (all or nothing)."""

import io
from decimal import Decimal, InvalidOperation
from itertools import islice
from operator import itemgetter

from openpyxl import Workbook
from openpyxl.styles import Font

from rinde.core.spreadsheet_cells import xlsx_row
from rinde.plan import money_rules
from rinde.plan.importing.cells import bounded, decimal, plain, rounded, text_of
from rinde.plan.importing.mapping import Field
from rinde.plan.importing.problems import CellError
from rinde.plan.importing.reader import (  # noqa: F401 - the layouts' callers read through here
    MAX_BYTES,
    MAX_ROWS,
    CellErrors,
    SpreadsheetError,
    Table,
    check_size,
    read_rows,
    read_table,
)

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
# What the import reads, for the mapping step; the other columns of the export are for
# people.
FIELDS = [
    Field(title, required=True, numeric=key == "value" or key in MONEY)
    for title, key, read in COLUMNS
    if read
]
# Titles of the export that the import does not read: a file with only Rinde's titles is
# Rinde's own layout and needs no mapping step.
KNOWN_TITLES = {title for title, _key, read in COLUMNS if not read}
# The columns' sizes (models.QUANTITY, models.MONEY): a cell that does not fit is refused
# while the file is checked, not by the database when the cut is saved.
QUANTITY_DIGITS, QUANTITY_DECIMALS = 16, 4
MONEY_DIGITS, MONEY_DECIMALS = 18, 2
TREND_LETTER = {"increase": "I", "maintain": "M", "reduce": "R"}


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


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def parse_cut(
    rows: list[list],
    *,
    indicators_by_code: dict,
    project_ids: set[int],
    rows_of: dict[int, int] | None = None,
    progress=None,
    first_row: int = 2,
    warnings: list[CellError] | None = None,
    decimal_separator: str | None = None,
):
    """→ (values {indicator_id: Decimal|None}, money {project_id: dict}, [CellError]).
    `rows` start with Rinde's titles (`mapping.apply`); the first row after them is
    `first_row` in the file. `rows_of`, when given, receives {indicator_id: row number};
    `warnings`, when given, the numbers rounded to the column's decimals; numbers typed as
    text are read with the file's `decimal_separator` (None: Colombian); `progress(n)` is
    called every 2,000 rows."""
    warnings = [] if warnings is None else warnings
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
    for number, row in enumerate(islice(rows, 1, None), start=first_row):
        if progress is not None and number % 2000 == 0:
            progress(number - first_row + 1)
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
                    "unknown_indicator" if code else "missing",
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
        raw = row[value_at]
        try:
            value, note = rounded(raw, decimal(raw, decimal_separator), QUANTITY_DECIMALS)
        except (InvalidOperation, ValueError):
            errors.append(
                CellError(
                    number,
                    "Ejecutado en el mes",
                    f"«{str(raw)[:20]}» no es un número.",
                    "not_number",
                )
            )
            continue
        if note:
            warnings.append(CellError(number, "Ejecutado en el mes", note, "rounded"))
        if value is not None and not bounded(value, QUANTITY_DIGITS, QUANTITY_DECIMALS):
            errors.append(
                CellError(
                    number,
                    "Ejecutado en el mes",
                    f"«{str(raw)[:20]}» tiene más de {QUANTITY_DECIMALS} decimales "
                    "o es demasiado grande.",
                    "too_precise",
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
        # A goal this department answers for in another department's project: the
        # project's budget is that department's to report; empty cells are expected.
        if indicator.project_id not in project_ids and all(c in (None, "") for c in cells):
            continue
        if cells_of.get(indicator.project_id) == cells and not _has_bool(cells):
            money_row[indicator.project_id] = number
            continue
        row_money = {}
        for key, at, title in money_at:
            try:
                amount, note = rounded(row[at], decimal(row[at], decimal_separator), MONEY_DECIMALS)
            except (InvalidOperation, ValueError):
                errors.append(
                    CellError(
                        number,
                        title,
                        f"«{str(row[at])[:20]}» no es un valor en pesos.",
                        "not_number",
                    )
                )
                continue
            if note:
                warnings.append(CellError(number, title, note, "rounded"))
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
                        "too_precise",
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
        errors.append(CellError(first_row, "", "El archivo no tiene filas con indicadores."))
    if progress is not None:
        progress(len(rows) - 1)
    return values, money, errors


def _has_bool(cells: tuple) -> bool:
    """True == 1 and False == 0 in Python, but a TRUE/FALSE cell is not an amount: cells
    equal to checked ones are the same amounts only if none is a boolean. (`in` over the
    types runs in C: a generator took half of a 20,000-row cut's money comparisons.)"""
    return bool in map(type, cells)


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
                    f"{plain(total)} de una meta cuatrienio de {plain(indicator.target)} "
                    f"({plain(achieved_before.get(pk, Decimal(0)))} en meses anteriores "
                    f"+ {plain(value)} en este). Se acepta, pero revise que no sea un error.",
                )
            )
    return warnings
