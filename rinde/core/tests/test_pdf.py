"""core.pdf: tagged PDF/UA with title and language; rows never split across pages; the
header repeated on every page (issue 18, item 7)."""

from rinde.core import pdf
from rinde.core.tests.pdf_reading import pages_of_rows, pages_with_header, readable

ROWS = 120
# Five lines a row: with the default widows and orphans (2) a row can split.
LINES = "<br>otra línea" * 4
HTML = (
    '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Informe de prueba'
    "</title></head><body><h1>Informe</h1><table><thead><tr><th>Fila</th></tr></thead><tbody>"
    + "".join(f"<tr><td>Fila {n}{LINES}</td></tr>" for n in range(ROWS))
    + "</tbody></table></body></html>"
)


def test_the_pdf_is_tagged_with_its_title_and_language():
    content = readable(pdf.html_to_pdf(HTML, base_url="http://testserver/"))
    assert b"/StructTreeRoot" in content
    assert b"/MarkInfo <</Marked true>>" in content
    assert b"/Lang (es)" in content
    assert b"/Title (Informe de prueba)" in content
    assert b"pdfuaid:part" in content  # PDF/UA identification in the XMP metadata


def test_rows_stay_whole_and_the_header_repeats():
    document = pdf.layout(HTML, base_url="http://testserver/")
    rows = pages_of_rows(document)
    assert len(document.pages) > 1
    assert len(rows) == ROWS
    assert [row for row, pages in rows.items() if len(pages) > 1] == []
    assert pages_with_header(document) == len(document.pages)
