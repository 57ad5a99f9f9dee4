"""The answers report as XLSX and PDF. No personal data: the asker's name appears only when
they allowed it, and never a contact."""

import io

from django.template.loader import render_to_string
from openpyxl import Workbook

from rinde.core import pdf
from rinde.core.sanitize import html_to_text
from rinde.core.spreadsheet_cells import xlsx_row

COLUMNS = [
    "Código",
    "Pregunta",
    "Quién pregunta",
    "Tema",
    "Dependencia",
    "Canal",
    "Tipo de petición",
    "Recibida (fecha legal)",
    "Vence",
    "Prorrogada",
    "Estado",
    "Respondida",
    "A tiempo",
    "Respuesta",
]


def answers_xlsx(questions) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Respuestas")
    sheet.append(COLUMNS)
    for q in questions:
        answers = getattr(q, "published_answers", [])
        sheet.append(
            xlsx_row(
                sheet,
                [
                    q.tracking_code,
                    q.public_text,
                    q.public_author,
                    q.topic,
                    q.department.name if q.department else "",
                    q.get_channel_display(),
                    q.get_kind_display(),
                    q.received_on,
                    q.current_due_on,
                    "sí" if q.extended_at else "no",
                    q.get_status_display(),
                    q.answered_on,
                    {True: "sí", False: "no", None: ""}[q.answered_on_time],
                    html_to_text(answers[-1].body) if answers else "",
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def answers_pdf(context: dict, base_url: str) -> bytes:
    html = render_to_string("questions/report_print.html", context)
    return pdf.html_to_pdf(html, base_url=base_url)
