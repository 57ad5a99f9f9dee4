"""Reading back a generated PDF in tests: its object streams inflated (so the catalog's
/MarkInfo, /StructTreeRoot and /Lang can be found) and the pages each table row fell on."""

import re
import zlib


def readable(content: bytes) -> bytes:
    """The file with every Flate stream inflated after it."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _walk(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def pages_of_rows(document) -> dict[str, set[int]]:
    """{a body row's text: the pages it appears on} for a laid-out weasyprint.Document
    (core.pdf.layout). A row split across a page break appears on two pages."""
    from weasyprint.formatting_structure import boxes

    found: dict[str, set[int]] = {}
    for number, page in enumerate(document.pages):
        for box in _walk(page._page_box):
            if isinstance(box, boxes.TableRowGroupBox) and not box.is_header:
                for row in box.children:
                    key = " ".join("".join(row.element.itertext()).split())
                    found.setdefault(key, set()).add(number)
    return found


def pages_with_header(document) -> int:
    from weasyprint.formatting_structure import boxes

    return sum(
        any(
            isinstance(box, boxes.TableRowGroupBox) and box.is_header
            for box in _walk(page._page_box)
        )
        for page in document.pages
    )
