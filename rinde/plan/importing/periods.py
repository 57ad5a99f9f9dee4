"""Progress for several periods and every department in one file: a plan brought in
mid-term ("Ejecutado 2024 T1" … "Ejecutado 2025 T4", or "Ejecutado 2024"), or planning
sending every department's figures for a period at once. Each department's part of each
period becomes that department's cut, reviewed as that department's.

Pure: the rows in Rinde's layout (`mapping.apply`) and the plan's indicators in; the
values per (department, period) and the problems out."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from rinde.plan.importing.cells import bounded, decimal, rounded, text_of
from rinde.plan.importing.mapping import Field
from rinde.plan.importing.problems import CellError

CODE = "Código indicador"
QUANTITY_DIGITS, QUANTITY_DECIMALS = 16, 4


def period_of(year: int, quarter: int | None) -> date:
    """The cut a column's figures go to. Cuts are dated by the first day of the last month
    they cover (plan_common.md): a quarter's is its third month, a year's December. The
    one place to follow `rinde.plan.periods` once plans report quarterly or yearly."""
    return date(year, 3 * quarter if quarter else 12, 1)


def column_title(year: int, quarter: int | None) -> str:
    return f"Ejecutado {year} T{quarter}" if quarter else f"Ejecutado {year}"


def fields(years: list[int]) -> list[Field]:
    return [
        Field(CODE, required=True),
        *(
            Field(column_title(year, quarter), numeric=True)
            for year in years
            for quarter in (1, 2, 3, 4, None)
        ),
    ]


def columns_to_periods(header: list[str], years: list[int]) -> dict[int, date]:
    """{position in the row: period} for the period columns present."""
    by_title = {
        column_title(year, quarter): period_of(year, quarter)
        for year in years
        for quarter in (1, 2, 3, 4, None)
    }
    return {at: by_title[title] for at, title in enumerate(header) if title in by_title}


@dataclass(frozen=True, slots=True)
class Goal:
    pk: int
    department_id: int
    trend: str


def parse_periods(
    rows: list[list],
    *,
    years: list[int],
    goals_by_code: dict[str, Goal],
    first_row: int = 2,
    warnings: list[CellError] | None = None,
    decimal_separator: str | None = None,
) -> tuple[dict[tuple[int, date], dict[int, Decimal]], list[CellError]]:
    """→ ({(department_id, period): {indicator_id: value}}, [CellError]). An empty cell
    means no figure for that period; a goal on two rows is an error."""
    warnings = [] if warnings is None else warnings
    header = list(rows[0]) if rows else []
    if CODE not in header:
        return {}, [CellError(1, CODE, f"Falta la columna «{CODE}».", "missing_column")]
    periods = columns_to_periods(header, years)
    if not periods:
        return {}, [
            CellError(
                1,
                "",
                "Falta al menos una columna de avance por periodo («Ejecutado 2024 T1», "
                "«Ejecutado 2024»…).",
                "missing_column",
            )
        ]
    code_at = header.index(CODE)
    cuts: dict[tuple[int, date], dict[int, Decimal]] = {}
    seen: dict[str, int] = {}
    errors: list[CellError] = []
    for number, row in enumerate(rows[1:], start=first_row):
        if not any(cell not in (None, "") for cell in row):
            continue
        code = text_of(row[code_at])
        goal = goals_by_code.get(code)
        if goal is None:
            message = f"«{code}» no es una meta del plan." if code else "Falta el código."
            errors.append(CellError(number, CODE, message, "unknown_indicator"))
            continue
        if code in seen:
            errors.append(
                CellError(number, CODE, f"La meta {code} ya está en la fila {seen[code]}.")
            )
            continue
        seen[code] = number
        for at, period in periods.items():
            title = header[at]
            raw = row[at]
            try:
                value, note = rounded(raw, decimal(raw, decimal_separator), QUANTITY_DECIMALS)
            except (InvalidOperation, ValueError):
                errors.append(
                    CellError(number, title, f"«{str(raw)[:20]}» no es un número.", "not_number")
                )
                continue
            if value is None:
                continue
            if note:
                warnings.append(CellError(number, title, note, "rounded"))
            if not bounded(value, QUANTITY_DIGITS, QUANTITY_DECIMALS):
                errors.append(
                    CellError(
                        number,
                        title,
                        f"«{str(raw)[:20]}» tiene más de {QUANTITY_DECIMALS} decimales o es "
                        "demasiado grande.",
                        "too_precise",
                    )
                )
                continue
            if value < 0 and goal.trend == "increase":
                errors.append(
                    CellError(
                        number,
                        title,
                        "Una meta de incremento no puede tener un avance negativo.",
                        "negative",
                    )
                )
                continue
            cuts.setdefault((goal.department_id, period), {})[goal.pk] = value
    if not cuts and not errors:
        errors.append(CellError(first_row, "", "El archivo no tiene avances que importar."))
    return cuts, errors
