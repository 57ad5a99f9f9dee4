"""A corpus of hostile (and of sound) files, generated here so no binary is committed.

Uploads: used by core's tests and by every app test that uploads a file; `sound_pdf()` and
`sound_png()` pass Rinde's checks, everything else must be refused or neutralised.
Spreadsheets: written by hand with zipfile (as an attacker would, not by a library that
keeps them sane), and CSVs, for the safe reader (core.safe_read)."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

SCRIPT = b"<script>fetch('/panel/auditoria/').then(r=>r.text()).then(alert)</script>"
HTML = b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)


def pdf_bytes(*extra_objects: bytes, catalog_extra: bytes = b"", text: str = "Informe") -> bytes:
    """A small but whole PDF: header, objects, a cross-reference table at the offset
    `startxref` gives, trailer and %%EOF. `extra_objects` are numbered from 4."""
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
        + str(4 + len(extra_objects)).encode()
        + b" 0 R >>",
        *extra_objects,
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sound_pdf(text: str = "Informe") -> bytes:
    return pdf_bytes(text=text)


def pdf_with_javascript() -> bytes:
    return pdf_bytes(
        b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>",
        catalog_extra=b"/OpenAction 4 0 R ",
    )


def pdf_with_escaped_javascript() -> bytes:
    """The same action with its names hex-escaped, as obfuscators write them."""
    return pdf_bytes(b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert(1)) >>")


def pdf_with_javascript_in_object_stream() -> bytes:
    hidden = zlib.compress(b"4 0 << /S /JavaScript /JS (app.alert(1)) >>")
    return pdf_bytes(
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(hidden)).encode()
        + b" >>\nstream\n"
        + hidden
        + b"\nendstream"
    )


def pdf_with_launch() -> bytes:
    return pdf_bytes(b"<< /Type /Action /S /Launch /F (cmd.exe) >>")


def pdf_with_embedded_file() -> bytes:
    return pdf_bytes(b"<< /Type /EmbeddedFile /Length 4 >>\nstream\n<h1>\nendstream")


def html_then_pdf() -> bytes:
    """HTML first, a PDF after it: a browser sniffing would render the page."""
    return HTML + b"\n" + sound_pdf()


def pdf_without_trailer() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\n" + HTML


def pdf_then_html() -> bytes:
    return sound_pdf() + HTML


def image_bytes(fmt: str = "PNG", size=(16, 12), color="teal", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def sound_png() -> bytes:
    return image_bytes("PNG")


def sound_jpeg() -> bytes:
    return image_bytes("JPEG")


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF says where it was taken (Medellín) and who took it."""
    exif = Image.Exif()
    exif[0x013B] = "Artista Secreto"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (6.0, 15.0, 0.0)
    gps[3], gps[4] = "W", (75.0, 34.0, 0.0)
    return image_bytes("JPEG", exif=exif)


def polyglot_jpeg_html() -> bytes:
    """A real JPEG with a page after its end: a browser told `text/html` runs the script."""
    return sound_jpeg() + HTML


def noise(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def truncated_png() -> bytes:
    data = noise("PNG")
    return data[: len(data) // 2]


def truncated_jpeg() -> bytes:
    data = noise("JPEG")
    return data[: len(data) // 2]


def truncated_webp() -> bytes:
    data = noise("WEBP")
    return data[: len(data) // 2]


def bomb_png(width: int = 10_000, height: int = 10_000) -> bytes:
    """A 1-bit PNG declaring 100 megapixels, a few kilobytes on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


# What every upload that takes images must refuse or neutralise, with a name that lies.
HOSTILE = {
    "svg": ("logo.svg", SVG),
    "html": ("page.html", HTML),
    "html_named_jpg": ("foto.jpg", HTML),
    "truncated_png": ("foto.png", truncated_png),
    "truncated_jpeg": ("foto.jpg", truncated_jpeg),
    "truncated_webp": ("foto.webp", truncated_webp),
    "bomb_png": ("foto.png", bomb_png),
    "pdf_javascript": ("informe.pdf", pdf_with_javascript),
    "pdf_escaped_javascript": ("informe.pdf", pdf_with_escaped_javascript),
    "pdf_objstm_javascript": ("informe.pdf", pdf_with_javascript_in_object_stream),
    "pdf_launch": ("informe.pdf", pdf_with_launch),
    "pdf_embedded_file": ("informe.pdf", pdf_with_embedded_file),
    "html_then_pdf": ("informe.pdf", html_then_pdf),
    "pdf_without_trailer": ("informe.pdf", pdf_without_trailer),
    "pdf_then_html": ("informe.html", pdf_then_html),
}


def hostile_upload(key: str) -> SimpleUploadedFile:
    name, content = HOSTILE[key]
    data = content() if callable(content) else content
    return SimpleUploadedFile(name, data, "application/octet-stream")


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type)


# Spreadsheets and CSVs for the safe reader.

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
