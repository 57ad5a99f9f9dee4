"""Hostile files, generated: spreadsheets written by hand with zipfile (as an attacker
would, not by a library that keeps them sane) and CSVs."""

import io
import zipfile

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    b'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'worksheet+xml"/></Types>'
)
ROOT_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
WORKBOOK = (
    b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets>'
    b"</workbook>"
)
WORKBOOK_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b"</Relationships>"
)


def sheet_xml(rows: bytes, *, before: bytes = b"", prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0"?>' + prolog + b'<worksheet xmlns="http://schemas.openxmlformats.org'
        b'/spreadsheetml/2006/main">' + before + b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


def xlsx(sheet: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


A1 = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Hola</t></is></c></row>'


def far_cells() -> bytes:
    """The 1.6 KB file that made calamine allocate ~512 GiB: cells A1 and XFD1048576."""
    return xlsx(sheet_xml(A1 + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))


def declared_dimension() -> bytes:
    return xlsx(sheet_xml(A1, before=b'<dimension ref="A1:XFD1048576"/>'))


def unplaced_cells(count: int = 300) -> bytes:
    """Cells without r="…": calamine places each after the previous one."""
    return xlsx(sheet_xml(b"<row>" + b"<c/>" * count + b"<c><v>1</v></c></row>"))


def zip_bomb(megabytes: int = 40) -> bytes:
    """A member of many megabytes of zeros: compresses ~1,000 to 1."""
    return xlsx(sheet_xml(A1), {"xl/media/relleno.xml": b"0" * (megabytes * 1024 * 1024)})


def lying_directory(megabytes: int = 20) -> bytes:
    """A member whose directory (and local header) declare 1,000 bytes while its stream
    inflates to many megabytes."""
    content = xlsx(sheet_xml(A1), {"xl/relleno.xml": b" " * (megabytes * 1024 * 1024)})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        member = archive.getinfo("xl/relleno.xml")
    data = bytearray(content)
    declared = (1000).to_bytes(4, "little")
    data[member.header_offset + 22 : member.header_offset + 26] = declared  # local header
    entry = data.rindex(b"xl/relleno.xml") - 46  # its central directory entry
    data[entry + 24 : entry + 28] = declared
    return bytes(data)


def many_members(count: int = 1000) -> bytes:
    return xlsx(sheet_xml(A1), {f"xl/parte{n}.xml": b"<a/>" for n in range(count)})


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;'
    b'&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'
    b'&lol2;">]>'
)


def billion_laughs() -> bytes:
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    return xlsx(sheet_xml(rows, prolog=BILLION_LAUGHS))
