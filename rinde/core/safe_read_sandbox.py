"""The half of `rinde.core.safe_read` that runs in a child process, under a memory, CPU
and file-size limit: it checks a file before parsing it, then parses it.

Standalone on purpose: the standard library and python-calamine only, never Django or
another rinde module, so the child starts in ~60 ms and a parse that goes wrong (a Rust
abort on a failed allocation, a MemoryError, a loop) can only take this process with it.

Protocol: stdin carries one JSON line (the request: "kind" xlsx or csv, and the limits)
followed by the file's bytes (CSV as UTF-8 text); stdout gets one JSON object, either
{"rows": ..., "merged": ..., "formulas": ...} or {"problems": [[code, row, column,
{params}], ...]}. The parent turns codes into Spanish messages (gettext lives there).
"formulas" lists the first sheet's formula cells as [letters, row, state]: "value" when
the file carries the value Excel last calculated (what calamine reads), "empty" when it
carries none (a file written by a program that does not calculate), "error" for a cached
error such as #DIV/0!.
"""

import csv
import functools
import io
import json
import re
import resource
import struct
import sys
import zipfile
import zlib

PIECE = 1024 * 1024
# What the parent sends when it does not say otherwise (it always does).
DEFAULTS = {
    "max_rows": 50_000,
    "max_columns": 200,
    "max_cell_chars": 32_768,
    "max_line_chars": 256 * 1024,
    "max_lines": 200_000,
    "max_members": 500,
    "max_member_bytes": 200 * 1024 * 1024,
    "max_total_bytes": 300 * 1024 * 1024,
    "max_ratio": 200,
    "ratio_from_bytes": 1024 * 1024,
    "sniff_chars": 4096,
}


class Refused(Exception):
    """A file refused before or while parsing: a code the parent words, where, and the
    figures its message needs."""

    def __init__(self, code: str, row: int = 0, column: str = "", **params):
        super().__init__(code)
        self.code, self.row, self.column, self.params = code, row, column, params

    def as_list(self) -> list:
        return [self.code, self.row, self.column, self.params]


def limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    """Address space (what calamine's ~512 GiB allocation hit), CPU time (the parent's
    wall-clock timeout covers a child that sleeps), no files written, no core dumps."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    """1 for A, 27 for AA; lower case counts too (calamine reads both)."""
    index = 0
    for char in letters.upper() if isinstance(letters, str) else letters.upper().decode():
        index = index * 26 + ord(char) - 64
    return index


def greater_than(limit: int) -> str:
    """A regular expression matching the decimal numbers (leading zeros allowed) above
    `limit`."""
    digits = str(limit)
    options = [rf"[1-9]\d{{{len(digits)},}}"]  # more digits
    for at, char in enumerate(digits):
        if char != "9":
            rest = len(digits) - at - 1
            options.append(rf"{digits[:at]}[{int(char) + 1}-9]\d{{{rest}}}")
    return rf"0*(?:{'|'.join(options)})(?!\d)"


# XML ----------------------------------------------------------------------------------------

# Entities are how an XML file of a few kilobytes expands to gigabytes ("billion laughs");
# no spreadsheet needs a DTD. Case-insensitive: some parsers are lenient.
DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
DIMENSION = re.compile(rb"""dimension\b[^>]*\bref\s*=\s*["']([^"']*)["']""")
# A row or cell tag not written the usual way (<c r="A1" …>): unplaced, prefixed, with the
# r="…" later or spaced. One search each finds them at memory speed; only then is the sheet
# walked tag by tag (_check_positions), which takes seconds for 20,000 rows.
UNUSUAL_TAG = re.compile(rb"<(?:c|row)(?! r=\")[\s/>]")
PREFIXED_TAG = re.compile(rb":(?:c|row)[\s/>]")
TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
R_VALUE = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)(\d*)["']""")
CELL_START = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?<!/)>')
CACHED_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


@functools.cache
def out_of_bounds(max_rows: int, max_columns: int) -> re.Pattern:
    """r="…" references beyond the layout: a column past `max_columns`, a row past
    `max_rows`, or one written with character references (&#65;) that hide it. In one
    search with a literal start: reading the 360,000 references of a 20,000-row sheet one
    by one in Python took 0.25 s, this takes ~0.1 s."""
    last = column_letter(max_columns - 1)
    columns = [rf"[A-Za-z]{{{len(last) + 1}}}"]
    if len(last) == 2:
        first, second = last
        columns.append(rf"[{chr(ord(first) + 1)}-Z{chr(ord(first) + 33)}-z][A-Za-z]")
        columns.append(
            rf"[{first}{first.lower()}][{chr(ord(second) + 1)}-Z{chr(ord(second) + 33)}-z]"
        )
    elif len(last) == 1:
        columns.append(rf"[{chr(ord(last) + 1)}-Z{chr(ord(last) + 33)}-z]")
    rows = greater_than(max_rows)
    pattern = rf'r="(?:{"|".join(columns)}|[A-Za-z]{{0,{len(last)}}}{rows}|[A-Za-z0-9]*&)'
    return re.compile(pattern.encode())


def check_xml(name: str, xml: bytearray, limits: dict) -> None:
    if b"<!" in xml and DTD.search(xml):
        raise Refused("xml_entities", member=name)
    max_rows, max_columns = limits["max_rows"] + 1, limits["max_columns"]  # + the header
    for ref in DIMENSION.findall(xml):
        for corner in ref.split(b":"):
            found = re.fullmatch(rb"\$?([A-Za-z]+)\$?(\d+)", corner.strip())
            if found and (
                column_index(found.group(1)) > max_columns or int(found.group(2)) > max_rows
            ):
                raise Refused("dimension", reference=ref.decode("ascii", "replace")[:30])
    if b"sheetData" not in xml:
        return
    if UNUSUAL_TAG.search(xml) or PREFIXED_TAG.search(xml):
        _check_positions(xml, max_rows, max_columns)
        return
    found = out_of_bounds(max_rows, max_columns).search(xml)
    if found:
        raise Refused("too_far", reference=_reference_at(xml, found.start()))


def _reference_at(xml: bytearray, at: int) -> str:
    found = re.compile(rb'r="([^"]{0,20})').match(xml, at)
    text = found.group(1).decode("ascii", "replace") if found else ""
    return f"A{text}" if text.isdigit() else text  # a row's: its first cell


def _check_positions(xml: bytearray, max_rows: int, max_columns: int) -> None:
    """Walk every row and cell as calamine places them (an unplaced row follows the
    previous one, an unplaced cell the previous cell) and refuse the first out of bounds."""
    row = column = 0
    for found in TAG.finditer(xml):
        closing, name, attributes = found.groups()
        if closing:
            continue
        placed = R_VALUE.search(attributes)
        if name == b"row":
            row = int(placed.group(2)) if placed and placed.group(2) else row + 1
            column = 0
        elif placed and placed.group(1):
            column = column_index(placed.group(1))
            row = int(placed.group(2) or row)
        else:
            column += 1
        # An r attribute this walk cannot read (escaped, odd quoting): refused rather
        # than guessed.
        if placed is None and re.search(rb"\br\s*=", attributes):
            raise Refused("too_far", reference=attributes.decode("ascii", "replace")[:20])
        if row > max_rows or column > max_columns:
            raise Refused("too_far", reference=f"{column_letter(max(column, 1) - 1)}{row}")


# Zip ----------------------------------------------------------------------------------------

LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def check_archive(data: bytes, limits: dict) -> dict[str, bytearray]:
    """Check the archive's directory, then inflate every member counting what comes out (a
    directory can lie about sizes) and check each XML member. → {member: its XML} for the
    members that hold "<f" (a formula may be there)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused("not_xlsx") from None
    members = archive.infolist()
    if len(members) > limits["max_members"]:
        raise Refused("members", count=len(members), limit=limits["max_members"])
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise Refused("not_xlsx")
    if sum(m.file_size for m in members) > limits["max_total_bytes"]:
        raise Refused("total_size", limit=limits["max_total_bytes"] // (1024 * 1024))
    for member in members:
        if member.file_size > limits["max_member_bytes"]:
            raise Refused(
                "member_size", member=member.filename, limit=limits["max_member_bytes"] // 2**20
            )
        if member.file_size > limits["ratio_from_bytes"] and member.file_size > limits[
            "max_ratio"
        ] * max(member.compress_size, 1):
            raise Refused("ratio", member=member.filename, limit=limits["max_ratio"])
    with_formulas = {}
    for member in members:
        content = inflate(data, member)
        if member.filename.lower().endswith((".xml", ".rels", ".vml")):
            check_xml(member.filename, content, limits)
            # Kept only where a formula may be, so the sheet is not inflated a second time.
            if b"<f" in content:
                with_formulas[member.filename] = content
    return with_formulas


def inflate(data: bytes, member: zipfile.ZipInfo) -> bytearray:
    """The member's bytes, inflated here in pieces and never past the size its directory
    entry declares (itself bounded): a stream that would give more, ends early or fails
    its checksum is refused."""
    if member.flag_bits & 0x1:
        raise Refused("encrypted")
    try:
        fields = LOCAL_HEADER.unpack_from(data, member.header_offset)
    except struct.error:
        raise Refused("not_xlsx") from None
    # The local header repeats the directory entry: a reader may trust either, so they
    # must agree on the compression.
    signature, method, name_length, extra_length = fields[0], fields[3], fields[9], fields[10]
    if signature != b"PK\x03\x04" or method != member.compress_type:
        raise Refused("not_xlsx")
    start = member.header_offset + LOCAL_HEADER.size + name_length + extra_length
    raw = memoryview(data)[start : start + member.compress_size]
    if len(raw) != member.compress_size:
        raise Refused("not_xlsx")
    if member.compress_type == zipfile.ZIP_STORED:
        content = bytearray(raw)
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        content = bytearray()
        inflater = zlib.decompressobj(-15)
        try:
            for at in range(0, len(raw), PIECE):
                pending = bytes(raw[at : at + PIECE])
                while pending:
                    room = member.file_size - len(content) + 1
                    content += inflater.decompress(pending, room)
                    if len(content) > member.file_size:
                        raise Refused("lying_size", member=member.filename)
                    pending = inflater.unconsumed_tail
            content += inflater.flush(member.file_size - len(content) + 1)
        except zlib.error:
            raise Refused("not_xlsx") from None
        if not inflater.eof:
            raise Refused("not_xlsx")
    else:
        raise Refused("compression")
    if len(content) != member.file_size:
        raise Refused("lying_size", member=member.filename)
    if zlib.crc32(content) != member.CRC:
        raise Refused("not_xlsx")
    return content


def first_sheet_path(archive: zipfile.ZipFile) -> str:
    workbook = archive.read("xl/workbook.xml")
    sheet = re.search(rb"<sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook) or re.search(
        rb"<(?:\w+:)?sheet\b[^>]*\bid=\"([^\"]+)\"", workbook
    )
    if sheet:
        rels = archive.read("xl/_rels/workbook.xml.rels")
        for rel in re.finditer(rb"<Relationship\b[^>]*>", rels):
            tag = rel.group(0)
            if b'Id="' + sheet.group(1) + b'"' in tag:
                target = re.search(rb'Target="([^"]+)"', tag).group(1).decode()
                return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return "xl/worksheets/sheet1.xml"


def formula_cells(data: bytes, with_formulas: dict[str, bytearray]) -> list[list]:
    """[[column letters, row, state]] of the first sheet's formula cells, state "value",
    "empty" or "error" (see the module's docstring). Found from each "<f" back to its cell,
    so a sheet of values costs one search."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = with_formulas.get(first_sheet_path(archive))
    except (KeyError, zipfile.BadZipFile):
        return []
    if xml is None:
        return []
    cells = []
    at = xml.find(b"<f", xml.find(b"<sheetData"))
    end_of_data = xml.find(b"</sheetData>")
    while at != -1 and (end_of_data == -1 or at < end_of_data):
        after = xml[at + 2 : at + 3]
        if after in (b">", b" ", b"/", b"\t", b"\n", b"\r"):
            start = xml.rfind(b"<c ", 0, at)
            close = xml.find(b"</c>", at)
            cell = CELL_START.match(xml, start) if start != -1 else None
            if cell is not None and close != -1:
                if b't="e"' in cell.group(3):
                    state = "error"
                elif CACHED_VALUE.search(xml, at, close):
                    state = "value"
                else:
                    state = "empty"
                cells.append([cell.group(1).decode(), int(cell.group(2)), state])
                at = close
        at = xml.find(b"<f", at + 2)
    return cells


def read_xlsx(data: bytes, limits: dict) -> dict:
    """Check, then parse, in this process."""
    checked = check_xlsx(data, limits)
    return {**parse_xlsx(data, limits), **checked}


def check_xlsx(data: bytes, limits: dict) -> dict:
    """Everything checked before trusting calamine with the file, and its formula cells."""
    with_formulas = check_archive(data, limits)
    return {"formulas": formula_cells(data, with_formulas)}


def parse_xlsx(data: bytes, limits: dict) -> dict:
    """calamine's read of the first sheet. Only ever run under this child's limits: the
    parent runs it beside `check_xlsx` and refuses the file whenever the checks do."""
    # Imported here, not at the top: the parent imports this module (column_letter,
    # column_index) and must never load the parser itself.
    from python_calamine import CalamineWorkbook  # noqa: PLC0415

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        merged = sheet.merged_cell_ranges or []
        rows = sheet.to_python(skip_empty_area=False)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - calamine raises several kinds for bad files
        raise Refused("unreadable", detail=str(error)[:120]) from None
    check_cells(rows, limits)
    # Trailing empty cells carry nothing and would be most of a sparse sheet's transfer.
    for row in rows:
        while row and row[-1] in ("", None):
            row.pop()
    return {"rows": rows, "merged": merged}


def check_cells(rows: list[list], limits: dict) -> None:
    if len(rows) > limits["max_rows"] + 1:
        raise Refused("rows", limit=limits["max_rows"])
    longest = limits["max_cell_chars"]
    header = rows[0] if rows else []
    for number, row in enumerate(rows, start=1):
        if len(row) > limits["max_columns"]:
            raise Refused("columns", row=number, limit=limits["max_columns"])
        for index, value in enumerate(row):
            if type(value) is str and len(value) > longest:
                raise Refused("cell", row=number, column=_title(header, index), limit=longest)


def _title(header: list, index: int) -> str:
    title = header[index] if index < len(header) else ""
    title = str(title).strip()[:60] if title not in (None, "") else ""
    return title or column_letter(index)


# CSV ----------------------------------------------------------------------------------------


def read_csv(text: str, limits: dict) -> dict:
    """Rows of a CSV, its separator sniffed. Physical lines are bounded in number and
    length before the csv module sees them; a field may span lines inside quotes, so
    csv's own field limit (per process: this child's) bounds it as well."""
    sample = text[: limits["sniff_chars"]]
    # Whole lines only: a long cell cut by the sample misleads the sniffer.
    sample = sample[: sample.rfind("\n")] if "\n" in sample else sample
    # Empty lines have no separator, and the sniffer then finds none consistent and falls
    # back to commas: one empty line made a semicolon file unreadable (issue 18).
    sample = "\n".join(line for line in sample.splitlines() if line.strip())
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(limits["max_line_chars"])
    reader = csv.reader(_bounded_lines(text, limits), dialect)
    rows: list[list[str]] = []
    longest = limits["max_cell_chars"]
    header: list[str] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # Only a field longer than a whole line can get here: an unclosed quote that
            # swallowed the lines after it.
            raise Refused("quoted", row=len(rows) + 1, limit=longest) from None
        number = len(rows) + 1
        if number > limits["max_rows"] + 1:
            raise Refused("rows", limit=limits["max_rows"])
        if len(record) > limits["max_columns"]:
            raise Refused("columns", row=number, limit=limits["max_columns"])
        for index, value in enumerate(record):
            if len(value) > longest:
                raise Refused("cell", row=number, column=_title(header, index), limit=longest)
        if not rows:
            header = record
        rows.append(record)
    return {"rows": rows, "merged": [], "formulas": []}


def _bounded_lines(text: str, limits: dict):
    longest = limits["max_line_chars"]
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if number > limits["max_lines"]:
            raise Refused("lines", limit=limits["max_lines"])
        if len(line) > longest:
            raise Refused("line", row=number, limit=longest)
        yield line


# The child ----------------------------------------------------------------------------------


def handle(kind: str, data: bytes, limits: dict) -> dict:
    try:
        if kind == "xlsx":
            return read_xlsx(data, limits)
        if kind == "xlsx_check":
            return check_xlsx(data, limits)
        if kind == "xlsx_parse":
            return parse_xlsx(data, limits)
        return read_csv(data.decode("utf-8"), limits)
    except Refused as refused:
        return {"problems": [refused.as_list()]}


def main() -> None:
    request = json.loads(sys.stdin.buffer.readline())
    limits = {**DEFAULTS, **request.get("limits", {})}
    limit_resources(request["memory_bytes"], request["cpu_seconds"])
    data = sys.stdin.buffer.read()
    try:
        result = handle(request["kind"], data, limits)
        del data
        output = json.dumps(result, default=str, ensure_ascii=False).encode()
    except MemoryError:
        output = b'{"problems": [["memory", 0, "", {}]]}'
    sys.stdout.buffer.write(output)


if __name__ == "__main__":
    main()
