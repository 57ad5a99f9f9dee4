"""Downloads that stream: memory stays flat whatever the number of rows."""

import csv
import tempfile
from collections.abc import Callable, Iterable

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

from rinde.core.spreadsheet_cells import csv_row, xlsx_row


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def _as_is(value):
    return value


def csv_response(
    filename: str,
    header: list[str],
    rows: Iterable[list],
    *,
    plain: Callable = _as_is,
) -> StreamingHttpResponse:
    """UTF-8 with BOM, so Excel opens accents right. Text is neutralised against formulas
    (spreadsheet_cells.csv_row) before `plain` writes the other values (numbers, dates) as
    the caller wants them: a number written as text first would look typed ("-5")."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([plain(value) for value in csv_row(row)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str,
    header: list[str],
    rows: Iterable[list],
    *,
    sheet: str = "datos",
    more_sheets: Iterable[tuple[str, list[str], Iterable[list]]] = (),
) -> FileResponse:
    """openpyxl's write-only mode writes rows to a temporary file, not to memory. Text stays
    text, never a formula (spreadsheet_cells.xlsx_row). `more_sheets`: (name, header, rows)
    of further sheets, after the first."""
    workbook = Workbook(write_only=True)
    for name, names, values in [(sheet, header, rows), *more_sheets]:
        worksheet = workbook.create_sheet(name[:31])
        worksheet.append(names)
        for row in values:
            worksheet.append(xlsx_row(worksheet, row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename)
