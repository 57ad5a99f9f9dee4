"""Every PDF the site generates, from HTML through WeasyPrint, as tagged PDF/UA-1: a
screen reader follows its headings and tables, and the document states its title (the
page's <title>) and language (its <html lang>). Table rows are never split across pages
and a long table repeats its header on each page."""

# Added after the template's own style: rows stay whole, headers repeat (WeasyPrint
# repeats a <thead> as a table-header-group), a heading or caption never ends a page.
PRINT_CSS = """
tr, th, td { break-inside: avoid; }
thead { display: table-header-group; }
h1, h2, h3, caption { break-after: avoid; }
"""

PDF_VARIANT = "pdf/ua-1"


def layout(html: str, *, base_url: str):
    """The laid-out pages (weasyprint.Document), for html_to_pdf and for tests that look
    at where rows fell."""
    # Imported here, the one import kept in a function that breaks no cycle: it takes
    # 1.3 s and loads pango into every process that imports this module (web workers
    # through the apps' views), and web pages never need it.
    from weasyprint import CSS, HTML  # noqa: PLC0415

    return HTML(string=html, base_url=base_url).render(
        stylesheets=[CSS(string=PRINT_CSS)], pdf_variant=PDF_VARIANT
    )


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """The template's HTML must carry <html lang="…"> and a <title>."""
    return layout(html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
