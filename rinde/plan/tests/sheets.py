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
