"""The plan's structure as a spreadsheet, in the layout of the DNP Plan Indicativo and the
municipal tracking sheets: one row per product indicator, repeating its strategic line,
component, programme and project. Pure: no ORM, no HTTP. The template, the export and the
import share the same columns, so an exported file imports back unchanged.

Reading a file goes in three steps, each reporting every problem by row and column:
`parse_structure` checks the cells, `diff_structure` compares them with the plan as it is
(passed in as plain dictionaries) and lists what would be created or changed; the service
applies that diff in one transaction."""

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook

from rinde.core.spreadsheet_cells import xlsx_row
from rinde.plan.importing.cells import bounded, decimal, rounded, text_of
from rinde.plan.importing.hierarchy import LEVEL, LEVELS, PARENT
from rinde.plan.importing.mapping import Field, normalize
from rinde.plan.importing.problems import CellError
from rinde.plan.spreadsheet import MAX_ROWS, QUANTITY_DECIMALS, QUANTITY_DIGITS, _number

LEVEL_NAMES = {key: level.name for key, level in LEVEL.items()}
TREND_LETTER = {"increase": "I", "maintain": "M", "reduce": "R"}
TRENDS = {
    "i": "increase",
    "incremento": "increase",
    "m": "maintain",
    "mantenimiento": "maintain",
    "r": "reduce",
    "reduccion": "reduce",
}
WEIGHT_DIGITS, WEIGHT_DECIMALS = 7, 3


@dataclass(frozen=True)
class Column:
    title: str
    level: str
    field: str
    required: bool = False
    kind: str = "text"  # text | number | weight | department | trend | baseline
    max_length: int = 300


# The order of the template. Codes identify each level: they are unique within the plan
# (projects and indicators are unique across plans too).
COLUMNS = [
    Column("Código línea", "line", "code", True, max_length=20),
    Column("Línea estratégica", "line", "name", True),
    Column("Peso línea", "line", "weight", kind="weight"),
    Column("Código componente", "component", "code", True, max_length=20),
    Column("Componente / sector", "component", "name", True),
    Column("Peso componente", "component", "weight", kind="weight"),
    Column("Código programa", "program", "code", True, max_length=20),
    Column("Programa", "program", "name", True),
    Column("Indicador de resultado", "program", "result_indicator"),
    Column("Línea base del resultado", "program", "result_baseline", max_length=100),
    Column("Meta del resultado", "program", "result_target", max_length=100),
    Column("Peso programa", "program", "weight", kind="weight"),
    Column("Código proyecto", "project", "code", True, max_length=20),
    Column("Proyecto", "project", "name", True),
    Column("BPIN", "project", "bpin", max_length=20),
    Column("Dependencia responsable", "project", "department", True, kind="department"),
    Column("Peso proyecto", "project", "weight", kind="weight"),
    Column("Código indicador", "indicator", "code", True, max_length=20),
    Column("Código MGA", "indicator", "mga_code", max_length=9),
    Column("Indicador", "indicator", "name", True),
    Column("Unidad", "indicator", "unit", True, max_length=50),
    Column("Tendencia (I/M/R)", "indicator", "trend", True, kind="trend"),
    Column("Línea base", "indicator", "baseline", kind="baseline", max_length=50),
    Column("Meta cuatrienio", "indicator", "target", True, kind="number"),
]
WEIGHT_COLUMN = Column("Peso indicador", "indicator", "weight", kind="weight")
YEAR_TITLE = "Meta {year}"


def headers(years: Iterable[int]) -> list[str]:
    return (
        [c.title for c in COLUMNS]
        + [YEAR_TITLE.format(year=y) for y in years]
        + [WEIGHT_COLUMN.title]
    )


def fields(years: Iterable[int]) -> list[Field]:
    """The columns the import reads, for the mapping step, in the template's order."""
    return [
        *(
            Field(
                c.title,
                c.required and c.level not in OPTIONAL_LEVELS,
                c.kind in ("number", "weight", "baseline"),
            )
            for c in COLUMNS
        ),
        *(Field(YEAR_TITLE.format(year=y), numeric=True) for y in years),
        Field(WEIGHT_COLUMN.title, numeric=True),
    ]


# Writing -----------------------------------------------------------------------------------


def write_structure(years: list[int], rows: Iterable[list]) -> bytes:
    """`rows` as `export_rows` gives them; without rows, the empty template."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan indicativo")
    title = headers(years)
    sheet.append(title)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    notes = workbook.create_sheet("Instrucciones")
    for line in INSTRUCTIONS:
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


INSTRUCTIONS = [
    "Una fila por indicador de producto; repita en cada fila su línea, componente, programa "
    "y proyecto tal como en las demás filas.",
    "Los códigos identifican cada elemento: con un código nuevo se crea; con uno existente "
    "se actualiza. Nada que falte en el archivo se borra.",
    "Tendencia: I (incremento), M (mantenimiento) o R (reducción).",
    "Dependencia responsable: su nombre o su código.",
    "Las fórmulas se leen por su valor calculado; no combine celdas de números. Con texto, "
    "la coma marca los decimales (1.234,5).",
    "Solo se lee la primera hoja.",
]


def export_row(line, component, program, project, indicator, years, year_targets) -> list:
    """One indicator's row; objects are model instances (or anything with the same fields)."""

    def num(value):
        return None if value is None else _number(value)

    return [
        line.code,
        line.name,
        num(line.weight),
        component.code,
        component.name,
        num(component.weight),
        program.code,
        program.name,
        program.result_indicator,
        program.result_baseline,
        program.result_target,
        num(program.weight),
        project.code,
        project.name,
        project.bpin,
        (indicator.department or project.department).name,
        num(project.weight),
        indicator.code,
        indicator.mga_code,
        indicator.name,
        indicator.unit,
        TREND_LETTER[indicator.trend],
        indicator.baseline_text or num(indicator.baseline),
        num(indicator.target),
        *(num(year_targets.get(y)) for y in years),
        num(indicator.weight),
    ]


# Parsing -----------------------------------------------------------------------------------


@dataclass
class Item:
    """One element read from the file: its first row, its parent's code and its fields."""

    row: int
    parent: str | None
    fields: dict


@dataclass
class ParsedStructure:
    items: dict[str, dict[str, Item]] = field(default_factory=lambda: {lv: {} for lv in LEVELS})
    # {indicator code: {year: Decimal | None}} for the year columns present in the file.
    year_targets: dict[str, dict[int, Decimal | None]] = field(default_factory=dict)
    years_in_file: list[int] = field(default_factory=list)
    rows: int = 0


# Levels a sheet may lack (a plan without sectors, or without strategic lines): with
# neither its code nor its name column, every row hangs from one default node.
OPTIONAL_LEVELS = ("line", "component", "program")
DEFAULT_CODE = "0"
DEFAULT_NAMES = {"line": "Sin línea", "component": "Sin sector", "program": "Sin programa"}


def missing_levels(positions: dict[str, int]) -> list[str]:
    """The optional levels with neither code nor name column in the file."""
    return [
        level
        for level in OPTIONAL_LEVELS
        if not any(c.level == level and c.title in positions for c in COLUMNS)
    ]


def read_header(header_row: list, years: list[int]):
    """→ ({column title: index}, {year: index}, [CellError]) for a header of Rinde's
    titles (`mapping.apply` gives one); a required column missing is an error."""
    known = {c.title for c in [*COLUMNS, WEIGHT_COLUMN]}
    year_titles = {YEAR_TITLE.format(year=y): y for y in years}
    positions: dict[str, int] = {}
    year_positions: dict[int, int] = {}
    for index, raw in enumerate(header_row):
        title = text_of(raw)
        if title in known:
            positions.setdefault(title, index)
        elif title in year_titles:
            year_positions.setdefault(year_titles[title], index)
    absent = missing_levels(positions)
    errors = [
        CellError(1, column.title, f"Falta la columna «{column.title}».", "missing_column")
        for column in COLUMNS
        if column.required and column.title not in positions and column.level not in absent
    ]
    return positions, year_positions, errors


def parse_structure(
    rows: list[list],
    *,
    years: list[int],
    departments: dict[str, int],
    progress: Callable[[int], None] | None = None,
    first_row: int = 2,
    warnings: list[CellError] | None = None,
    decimal_separator: str | None = None,
) -> tuple[ParsedStructure, list[CellError]]:
    """Check every cell. `rows` start with Rinde's titles (`mapping.apply`), the first
    row after them being `first_row` in the file; `departments` maps normalized names and
    codes to ids; `warnings`, when given, receives the numbers rounded to the column."""
    warnings = [] if warnings is None else warnings
    parsed = ParsedStructure()
    if not rows or not any(text_of(c) for c in rows[0]):
        return parsed, [CellError(1, "", "El archivo está vacío: falta la fila de títulos.")]
    positions, year_positions, errors = read_header(rows[0], years)
    if errors:
        return parsed, errors
    if len(rows) > MAX_ROWS + 1:
        return parsed, [CellError(0, "", f"El archivo tiene más de {MAX_ROWS} filas.")]
    parsed.years_in_file = sorted(year_positions)
    absent = missing_levels(positions)
    columns = [c for c in [*COLUMNS, WEIGHT_COLUMN] if c.title in positions]
    for number, row in enumerate(rows[1:], start=first_row):
        if progress and number % 500 == 0:
            progress(number - first_row + 1)
        if not any(text_of(c) for c in row):
            continue
        parsed.rows += 1
        values: dict[str, dict] = {lv: {} for lv in LEVELS}
        for level in absent:
            values[level] = {"code": DEFAULT_CODE, "name": DEFAULT_NAMES[level]}
        row_errors = []
        for column in columns:
            index = positions[column.title]
            raw = row[index] if index < len(row) else None
            value, message = _read_cell(column, raw, departments, decimal_separator)
            if message:
                row_errors.append(CellError(number, column.title, message, column.kind))
            elif column.kind == "baseline":
                values["indicator"]["baseline"], values["indicator"]["baseline_text"] = value
            else:
                values[column.level][column.field] = value
                if column.kind in ("number", "weight") and type(raw) is float:
                    _note_rounding(warnings, number, column, raw, value)
        targets: dict[int, Decimal | None] = {}
        for year, index in year_positions.items():
            raw = row[index] if index < len(row) else None
            title = YEAR_TITLE.format(year=year)
            column = Column(title, "indicator", "year", kind="number")
            value, message = _read_cell(column, raw, {}, decimal_separator)
            if message:
                row_errors.append(CellError(number, title, message, "number"))
            else:
                targets[year] = value
                if type(raw) is float:
                    _note_rounding(warnings, number, column, raw, value)
        if row_errors:
            errors.extend(row_errors)
            continue
        errors.extend(_collect(parsed, number, values, targets))
    if progress:
        progress(len(rows) - 1)
    if not parsed.rows and not errors:
        errors.append(CellError(first_row, "", "El archivo no tiene filas con indicadores."))
    return parsed, errors


def _note_rounding(warnings: list, number: int, column: Column, raw: float, value) -> None:
    decimals = WEIGHT_DECIMALS if column.kind == "weight" else QUANTITY_DECIMALS
    if value is not None and value != decimal(raw):
        _value, note = rounded(raw, decimal(raw), decimals)
        warnings.append(CellError(number, column.title, note, "rounded"))


def _read_cell(column: Column, raw, departments: dict[str, int], separator: str | None = None):
    """→ (value, error message or None)."""
    if column.kind == "baseline":
        return _read_baseline(column, raw, separator)
    if column.kind in ("number", "weight"):
        decimals = WEIGHT_DECIMALS if column.kind == "weight" else QUANTITY_DECIMALS
        try:
            value, _note = rounded(raw, decimal(raw, separator), decimals)
        except (InvalidOperation, ValueError):
            return None, f"«{text_of(raw)[:30]}» no es un número."
        if value is None:
            if column.required:
                return None, "Falta el valor."
            if column.kind == "weight":
                return Decimal(1), None
            return (Decimal(0) if column.field == "baseline" else None), None
        if value < 0:
            return None, "No puede ser negativo."
        digits, decimals = (
            (WEIGHT_DIGITS, WEIGHT_DECIMALS)
            if column.kind == "weight"
            else (QUANTITY_DIGITS, QUANTITY_DECIMALS)
        )
        if not bounded(value, digits, decimals):
            return None, (
                f"«{text_of(raw)[:30]}» tiene más de {decimals} decimales o es demasiado grande."
            )
        return value, None
    text = text_of(raw)
    if not text:
        return ("", "Falta el valor.") if column.required else ("", None)
    if column.kind == "trend":
        trend = TRENDS.get(normalize(text))
        if trend is None:
            return None, f"«{text[:30]}» no es I (incremento), M (mantenimiento) ni R (reducción)."
        return trend, None
    if column.kind == "department":
        department = departments.get(normalize(text))
        if department is None:
            return None, f"«{text[:60]}» no es una dependencia de la entidad (por nombre o código)."
        return department, None
    if len(text) > column.max_length:
        return None, f"Tiene {len(text)} caracteres; el máximo es {column.max_length}."
    return text, None


def _read_baseline(column: Column, raw, separator: str | None = None):
    """A baseline as a number, or as the text the plan wrote ("SD", "2 km", "45 %") with
    its number where it has one (0 where none): → ((number, text or ""), error or None)."""
    try:
        value, message = _read_cell(replace(column, kind="number"), raw, {}, separator)
    except InvalidOperation:  # pragma: no cover - _read_cell words every failure
        value, message = None, "no es un número"
    if message is None:
        return (value, ""), None
    text = text_of(raw)
    if not text or re.fullmatch(r"[-\d.,$ ]+", text):
        return None, message  # a number written wrong, not a text baseline
    if len(text) > column.max_length:
        return None, f"Tiene {len(text)} caracteres; el máximo es {column.max_length}."
    found = re.search(r"\d[\d.,]*", text)
    number = Decimal(0)
    if found:
        try:
            number = decimal(found.group(0).rstrip(".,"), separator) or Decimal(0)
        except (InvalidOperation, ValueError):
            number = Decimal(0)
        if not bounded(number, QUANTITY_DIGITS, QUANTITY_DECIMALS):
            number = Decimal(0)
    return (number, text), None


def _collect(parsed: ParsedStructure, number: int, values: dict, targets: dict) -> list[CellError]:
    """Add one row's elements; a parent repeated on several rows must be the same on each."""
    errors = []
    # A project answered for by several departments: its first row's is the project's;
    # a goal on a row naming another one is that department's goal.
    values["indicator"]["department"] = None
    project = parsed.items["project"].get(values["project"].get("code"))
    department = values["project"].get("department")
    if project is not None and department != project.fields.get("department"):
        values["indicator"]["department"] = department
        values["project"]["department"] = project.fields.get("department")
    for level in LEVELS:
        data = dict(values[level])
        code = data.pop("code")
        parent = values[PARENT[level]]["code"] if level in PARENT else None
        seen = parsed.items[level].get(code)
        if seen is None:
            parsed.items[level][code] = Item(number, parent, data)
            continue
        if level == "indicator":
            errors.append(
                CellError(
                    number,
                    "Código indicador",
                    f"El indicador {code} está repetido: ya está en la fila {seen.row}.",
                )
            )
            return errors
        if seen.parent != parent:
            errors.append(
                CellError(
                    number,
                    _title(PARENT[level], "code"),
                    f"{LEVEL_NAMES[level]} {code} está bajo «{seen.parent}» en la fila "
                    f"{seen.row} y bajo «{parent}» en esta.",
                )
            )
        for name, value in data.items():
            if seen.fields.get(name) != value:
                errors.append(
                    CellError(
                        number,
                        _title(level, name),
                        f"{LEVEL_NAMES[level]} {code} tiene otro valor en la fila {seen.row}; "
                        "repita exactamente los mismos datos en cada fila.",
                    )
                )
    if not errors:
        parsed.year_targets[values["indicator"]["code"]] = targets
    return errors


def _title(level: str, name: str) -> str:
    for column in [*COLUMNS, WEIGHT_COLUMN]:
        if column.level == level and column.field == name:
            return column.title
    return name


# Comparing with the plan -------------------------------------------------------------------


@dataclass
class Existing:
    """The plan as it is, as plain data: {level: {code: {"pk", "parent", fields…}}} and the
    year targets {indicator code: {year: Decimal}}. Codes are unique within a plan only:
    another plan may use the same ones."""

    items: dict[str, dict[str, dict]]
    year_targets: dict[str, dict[int, Decimal]]


@dataclass
class Diff:
    creates: dict[str, list[str]] = field(default_factory=lambda: {lv: [] for lv in LEVELS})
    updates: dict[str, list[str]] = field(default_factory=lambda: {lv: [] for lv in LEVELS})
    # [(row, level, code, field title, before, after)] for the preview
    changes: list[tuple] = field(default_factory=list)
    # {indicator code: {year: Decimal | None}} to write (None removes the year's target)
    year_targets: dict[str, dict[int, Decimal | None]] = field(default_factory=dict)
    untouched_indicators: int = 0

    @property
    def is_empty(self) -> bool:
        return (
            not any(self.creates.values())
            and not any(self.updates.values())
            and not (self.year_targets)
        )


def diff_structure(
    parsed: ParsedStructure, existing: Existing, *, department_names: dict[int, str]
) -> tuple[Diff, list[CellError]]:
    diff, errors = Diff(), []
    for level in LEVELS:
        current = existing.items[level]
        for code, item in parsed.items[level].items():
            before = current.get(code)
            if before is None:
                diff.creates[level].append(code)
                continue
            if level in PARENT and before["parent"] != item.parent:
                errors.append(
                    CellError(
                        item.row,
                        _title(PARENT[level], "code"),
                        f"{LEVEL_NAMES[level]} {code} está bajo «{before['parent']}» en el plan; "
                        "la importación no cambia elementos de lugar (hágalo en la "
                        "administración).",
                    )
                )
                continue
            changed = False
            for name, value in item.fields.items():
                if before.get(name) != value:
                    changed = True
                    show = (  # department ids → names
                        (lambda pk: department_names.get(pk, "—") if pk else "—")
                        if name == "department"
                        else _show
                    )
                    diff.changes.append(
                        (
                            item.row,
                            level,
                            code,
                            _title(level, name),
                            show(before.get(name)),
                            show(value),
                        )
                    )
            if changed:
                diff.updates[level].append(code)
    for code, targets in parsed.year_targets.items():
        before = existing.year_targets.get(code, {})
        row = parsed.items["indicator"][code].row
        changed = {}
        for year, value in targets.items():
            if before.get(year) != value:
                changed[year] = value
                if code in existing.items["indicator"]:
                    diff.changes.append(
                        (
                            row,
                            "indicator",
                            code,
                            YEAR_TITLE.format(year=year),
                            _show(before.get(year)),
                            _show(value),
                        )
                    )
        if changed:
            diff.year_targets[code] = changed
    diff.untouched_indicators = len(
        set(existing.items["indicator"]) - set(parsed.items["indicator"])
    )
    return diff, errors


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)
