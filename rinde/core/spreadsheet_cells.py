"""Text that citizens or staff typed, made safe to put in a downloaded spreadsheet.

Excel and LibreOffice evaluate a cell that looks like a formula, so a question typed as
`=HYPERLINK("http://evil","clic")` would become a live link (or worse, with DDE, a command)
on the computer of whoever opens the report ("CSV/Excel injection", OWASP). Every export
passes its rows through `xlsx_row` or `csv_row`; import code does not need them."""

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell

# OWASP's list: Excel and LibreOffice read a CSV field starting with any of these as a
# formula (tab and carriage return because some programs skip them and read on).
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What openpyxl reads as a formula ("=…") or an error code ("#N/A", "#REF!"…) in a str.
XLSX_TYPED_STARTS = ("=", "#")


def csv_cell(value):
    """A CSV field has no type, so text that a spreadsheet would evaluate gets a leading
    apostrophe, which Excel and LibreOffice read as "this is text". Only str values: a
    number, a date or None is written as it is (a negative number stays a number)."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable) -> list:
    return [csv_cell(value) for value in values]


def xlsx_cell(worksheet, value):
    """openpyxl stores a str starting with "=" as a formula and one like "#N/A" as an error
    (its Cell._bind_value; every other str is already text). Such a value becomes a cell
    forced to the string type: the exact text, nothing added, and no spreadsheet evaluates
    it. Other values go as they are, so openpyxl's usual path (and its speed) is kept.
    Works for write-only and ordinary worksheets alike."""
    if not isinstance(value, str) or not value.startswith(XLSX_TYPED_STARTS):
        return value
    cell = WriteOnlyCell(worksheet, value)
    cell.data_type = "s"
    return cell


def xlsx_row(worksheet, values: Iterable) -> list:
    """The row to give `worksheet.append`."""
    return [xlsx_cell(worksheet, value) for value in values]
