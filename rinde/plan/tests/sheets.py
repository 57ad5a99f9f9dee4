"""Workbooks for the import tests, as planning offices' files are: formulas with the value
Excel calculated (openpyxl writes formulas but never calculates them, so the cached
value is written into the sheet's XML here), merged cells, titles over several rows."""

import io
import re
import zipfile

from openpyxl import Workbook


def workbook(rows: list[list], *, merges: tuple[str, ...] = (), cached: dict | None = None):
    """An .xlsx of `rows` (a str starting with "=" is a formula); `cached` gives the value
    Excel would have saved for formula cells {"C2": 5}; the others carry none."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for span in merges:
        sheet.merge_cells(span)
    buffer = io.BytesIO()
    book.save(buffer)
    return with_cached_values(buffer.getvalue(), cached or {})


def with_cached_values(xlsx: bytes, values: dict) -> bytes:
    """Write each formula cell's cached value, as Excel does when it saves a workbook."""
    if not values:
        return xlsx
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = _patch(data.decode(), values).encode()
            target.writestr(item, data)
    return out.getvalue()


def _patch(xml: str, values: dict) -> str:
    def cell(found: re.Match) -> str:
        ref, attributes, formula = found.group(1), found.group(2), found.group(3)
        if ref not in values:
            return found.group(0)
        value = values[ref]
        kind = ' t="str"' if isinstance(value, str) else ""
        return f'<c r="{ref}"{attributes}{kind}><f>{formula}</f><v>{value}</v></c>'

    return re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/></c>', cell, xml)


def plan_indicativo(
    goals: int, departments: list[str], *, columns: int = 40, goal_departments: dict | None = None
) -> bytes:
    """A Plan Indicativo 2024-2027 in the DNP layout as a planning office keeps it: a
    title row, titles over two rows ("Programado" over the years, "Ejecutado 2024" over
    its quarters), its own words for each column (Eje, Sector MGA, Código BPIN, Meta de
    producto…), the four-year target and the quarters as formulas with their calculated
    values, and columns Rinde does not read, up to `columns`. Goal n: three goals per
    project, two projects per programme, two programmes per sector, two sectors per line;
    its yearly targets n, n+1, n+2, n+3; departments in turn by project, but goal n's
    department where `goal_departments` names one."""
    fixed = [
        "Cód. eje", "Eje estratégico", "Código sector", "Sector MGA",
        "Código programa presupuestal", "Programa presupuestal", "Indicador de resultado",
        "Cód. proyecto", "Código BPIN", "Nombre del proyecto", "Secretaría responsable",
        "Código meta", "Código indicador de producto", "Meta de producto",
        "Unidad de medida", "Tipo de meta", "Línea base",
    ]  # fmt: skip
    years = [2024, 2025, 2026, 2027]
    first_year = len(fixed)  # "Programado" over four columns
    target_at = first_year + 4
    quarters_at = target_at + 1  # "Ejecutado 2024" and "Ejecutado 2025", four quarters each
    extras_at = quarters_at + 8
    top = [None] * columns
    sub = [None] * columns
    for at, title in enumerate(fixed):
        top[at] = title
    top[first_year] = "Programado"
    sub[first_year : first_year + 4] = [str(y) for y in years]
    top[target_at] = "Meta cuatrienio"
    top[quarters_at], top[quarters_at + 4] = "Ejecutado 2024", "Ejecutado 2025"
    sub[quarters_at : quarters_at + 8] = ["T1", "T2", "T3", "T4"] * 2
    for at in range(extras_at, columns):
        top[at] = "Observaciones" if at == extras_at else f"Dato del municipio {at - extras_at}"
    rows = [["PLAN INDICATIVO 2024-2027 · MUNICIPIO DE EJEMPLO"], top, sub]
    cached = {}
    for n in range(1, goals + 1):
        number = len(rows) + 1
        project = (n - 1) // 3 + 1
        program = (project - 1) // 2 + 1
        sector = (program - 1) // 2 + 1
        line = (sector - 1) // 2 + 1
        row = [
            f"L{line}", f"Eje {line}", f"S{sector}", f"Sector {sector}", f"P{program}",
            f"Programa {program}", f"Resultado del programa {program}", f"PR{project}",
            2024050010000 + project, f"Proyecto {project}",
            (goal_departments or {}).get(n, departments[(project - 1) % len(departments)]),
            f"M{n}", 100000000 + n,
            f"Meta {n}", "unidades", "Incremento" if n % 4 else "Mantenimiento", n % 7,
            n, n + 1, n + 2, n + 3,
        ]  # fmt: skip
        letters = [_letter(first_year + i) for i in range(4)]
        row.append(f"=SUM({letters[0]}{number}:{letters[3]}{number})")
        cached[f"{_letter(target_at)}{number}"] = 4 * n + 6
        for q in range(8):
            row.append(f"={n}/4+0")
            cached[f"{_letter(quarters_at + q)}{number}"] = n / 4
        row += [f"nota {n}"] + [f"x{n}"] * (columns - extras_at - 1)
        rows.append(row)
    merges = (
        f"A1:{_letter(8)}1",
        *(f"{_letter(at)}2:{_letter(at)}3" for at in [*range(len(fixed)), target_at]),
        f"{_letter(first_year)}2:{_letter(first_year + 3)}2",
        f"{_letter(quarters_at)}2:{_letter(quarters_at + 3)}2",
        f"{_letter(quarters_at + 4)}2:{_letter(quarters_at + 7)}2",
    )
    return workbook(rows, merges=merges, cached=cached)


def _letter(index: int) -> str:
    from rinde.core.safe_read_sandbox import column_letter

    return column_letter(index)
