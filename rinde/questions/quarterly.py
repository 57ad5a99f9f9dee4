"""The quarterly report on requests (Decreto 103 de 2015, art. 52; Resolución 1519 de 2020,
Anexo 2, item 4.10): the number of requests, those forwarded to another authority, the time
taken to answer each one, and those where access was denied and why.

A closed quarter is archived the first time anyone asks for it (QuarterlyReport): what was
published then is what the page, the PDF and the XLSX show ever after, whatever happens to
its questions later. The current quarter is computed live.

A question rejected as spam or abuse was never a request: it is counted apart ("descartadas")
and never as "negada"; only a recorded AccessDenial (Ley 1712 arts. 18-19) is."""

import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook

from rinde.core import pdf
from rinde.core.calendar import WorkCalendar
from rinde.core.privacy import mask_personal_data
from rinde.core.spreadsheet_cells import xlsx_row
from rinde.entity.calendar import work_calendar
from rinde.entity.models import Entity, entity_of_new_row
from rinde.questions.models import (
    CLOSED_ANSWERED,
    OPEN_STATUSES,
    DenialGround,
    PetitionKind,
    QuarterlyReport,
    QuarterlyReportPdf,
    Question,
    Status,
)

# Bump when what compute() stores changes shape: archived reports keep theirs and are read
# with the layout they were stored with.
DATA_VERSION = 1
# Bump when quarterly_print.html shows something new, so every stored PDF renders again.
PDF_LAYOUT = 1
# A render asked for and never stored (worker down, render failed) is asked again after this.
PDF_RETRY_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The quarter's last day."""
        after = date(self.year + (self.number == 4), (3 * self.number) % 12 + 1, 1)
        return after - timedelta(days=1)

    def is_closed(self, today: date) -> bool:
        return today > self.end

    def slug(self) -> str:
        return f"{self.year}-T{self.number}"


def requests_of(quarter: Quarter):
    """Every request received in the quarter; a merged duplicate counts once, in the
    question it was joined to."""
    return Question.objects.filter(
        received_on__gte=quarter.start, received_on__lte=quarter.end
    ).exclude(status=Status.MERGED)


def compute(quarter: Quarter, calendar: WorkCalendar, today: date) -> dict:
    """The report as JSON-ready data: two queries, whatever the number of requests."""
    rows = list(
        requests_of(quarter)
        .order_by("received_on", "pk")
        .values_list(
            "tracking_code",
            "kind",
            "status",
            "received_on",
            "term_starts_after",
            "current_due_on",
            "answered_on",
            "forwarded_to",
            "denial__ground",
            "denial__partial",
            "denial__explanation",
        )
    )
    kinds, statuses, grounds = (
        dict(PetitionKind.choices),
        dict(Status.choices),
        dict(DenialGround.choices),
    )
    requests, denials, days_taken = [], [], []
    discarded = 0
    by_kind: dict[str, int] = {}
    by_ground: dict[str, int] = {}
    totals = {"forwarded": 0, "answered": 0, "on_time": 0, "open": 0, "overdue": 0}
    for (
        code,
        kind,
        status,
        received_on,
        starts_after,
        due_on,
        answered_on,
        forwarded_to,
        ground,
        partial,
        explanation,
    ) in rows:
        if status == Status.REJECTED:
            discarded += 1
            continue
        days = None
        if answered_on is not None and status not in OPEN_STATUSES:
            days = max(calendar.business_days_between(starts_after, answered_on), 0)
            days_taken.append(days)
        on_time = answered_on <= due_on if answered_on is not None else None
        totals["forwarded"] += status == Status.FORWARDED
        totals["answered"] += status in CLOSED_ANSWERED
        totals["on_time"] += bool(status in CLOSED_ANSWERED and on_time)
        totals["open"] += status in OPEN_STATUSES
        totals["overdue"] += status in OPEN_STATUSES and due_on < today
        kind_label = str(kinds[kind])
        by_kind[kind_label] = by_kind.get(kind_label, 0) + 1
        denied = ground is not None
        if denied:
            label = str(grounds.get(ground, ground))
            by_ground[label] = by_ground.get(label, 0) + 1
            denials.append(
                {
                    "code": code,
                    "ground": label,
                    "partial": bool(partial),
                    "explanation": mask_personal_data(explanation or ""),
                }
            )
        requests.append(
            {
                "code": code,
                "kind": str(kinds[kind]),
                "received_on": received_on.isoformat(),
                "due_on": due_on.isoformat(),
                "status": str(statuses[status]),
                "forwarded_to": forwarded_to if status == Status.FORWARDED else "",
                "answered_on": answered_on.isoformat() if days is not None else "",
                "days": days,
                "on_time": on_time if days is not None else None,
                "denied": denied,
            }
        )
    return {
        "version": DATA_VERSION,
        "year": quarter.year,
        "quarter": quarter.number,
        "start": quarter.start.isoformat(),
        "end": quarter.end.isoformat(),
        "computed_on": today.isoformat(),
        "totals": {
            "received": len(requests),
            **totals,
            "denied": len(denials),
            "discarded": discarded,
            "average_days": round(sum(days_taken) / len(days_taken), 1) if days_taken else None,
            "max_days": max(days_taken) if days_taken else None,
        },
        "by_kind": sorted(by_kind.items()),
        "by_ground": sorted(by_ground.items()),
        "requests": requests,
        "denials": denials,
    }


def archived(quarter: Quarter) -> QuarterlyReport | None:
    # A quarter is archived once per entity (QuarterlyReport's constraint).
    return QuarterlyReport.objects.filter(
        entity_id=entity_of_new_row(), year=quarter.year, quarter=quarter.number
    ).first()


def report(quarter: Quarter, calendar: WorkCalendar, today: date) -> tuple[dict, bool]:
    """(data, is_archived). A closed quarter's first reader archives it; two at once: the
    second reads the first one's archive."""
    if not quarter.is_closed(today) or entity_of_new_row() is None:
        # Open, or before the first-run set-up (no entity to archive it for): live.
        return compute(quarter, calendar, today), False
    stored = archived(quarter)
    if stored is None:
        data = compute(quarter, calendar, today)
        try:
            with transaction.atomic():
                stored = QuarterlyReport.objects.create(
                    entity_id=entity_of_new_row(),
                    year=quarter.year,
                    quarter=quarter.number,
                    data=data,
                )
        except IntegrityError:
            stored = archived(quarter)
    return stored.data, True


def archived_quarters() -> list[Quarter]:
    return [
        Quarter(year, number)
        for year, number in QuarterlyReport.objects.filter(entity_id=entity_of_new_row())
        .order_by("-year", "-quarter")
        .values_list("year", "quarter")
    ]


# Exports ------------------------------------------------------------------------------------

XLSX_COLUMNS = [
    "Código",
    "Tipo de petición",
    "Recibida (fecha legal)",
    "Vence",
    "Estado",
    "Trasladada a",
    "Respondida o trasladada el",
    "Días hábiles",
    "A tiempo",
    "Acceso negado",
    "Causal de la negación",
    "Negación parcial",
    "Motivo",
]


def as_xlsx(data: dict) -> bytes:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Resumen")
    summary.append(["Trimestre", f"{data['year']}-T{data['quarter']}"])
    summary.append(["Desde", date.fromisoformat(data["start"])])
    summary.append(["Hasta", date.fromisoformat(data["end"])])
    labels = {
        "received": "Solicitudes recibidas",
        "forwarded": "Trasladadas a otra autoridad",
        "answered": "Respondidas",
        "on_time": "Respondidas a tiempo",
        "open": "En trámite",
        "overdue": "En trámite, vencidas",
        "denied": "Con acceso negado",
        "discarded": "Descartadas (spam o abuso, no son solicitudes)",
        "average_days": "Días hábiles promedio para responder",
        "max_days": "Máximo de días hábiles",
    }
    for key, label in labels.items():
        summary.append([label, data["totals"][key]])
    for label, count in data["by_ground"]:
        summary.append([f"Negadas: {label}", count])
    sheet = workbook.create_sheet("Solicitudes")
    sheet.append(XLSX_COLUMNS)
    denials = {d["code"]: d for d in data["denials"]}
    yes_no = {True: "sí", False: "no", None: ""}
    for row in data["requests"]:
        denial = denials.get(row["code"], {})
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row["code"],
                    row["kind"],
                    date.fromisoformat(row["received_on"]),
                    date.fromisoformat(row["due_on"]),
                    row["status"],
                    row["forwarded_to"],
                    date.fromisoformat(row["answered_on"]) if row["answered_on"] else None,
                    row["days"],
                    yes_no[row["on_time"]],
                    yes_no[row["denied"]],
                    denial.get("ground", ""),
                    yes_no[denial.get("partial")] if denial else "",
                    denial.get("explanation", ""),
                ],
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fingerprint(data: dict) -> str:
    """A digest of what the PDF shows, but the day it was computed."""
    payload = json.dumps({**data, "computed_on": None, "layout": PDF_LAYOUT}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def render_and_store_pdf(year: int, number: int, current: str) -> None:
    """The worker's half: render the report as it is now and keep it."""

    quarter = Quarter(year, number)
    data, is_archived = report(quarter, work_calendar(), timezone.localdate())
    if fingerprint(data) != current:
        return  # changed again since it was asked: the next request asks for the new one
    context = {
        "entity": Entity.objects.current(),
        "quarter": quarter,
        "report": readable(data),
        "figures": data["totals"],
        "is_archived": is_archived,
    }
    html = render_to_string("questions/quarterly_print.html", context)
    content = pdf.html_to_pdf(html, base_url=settings.SITE_URL)
    QuarterlyReportPdf.objects.update_or_create(
        entity_id=entity_of_new_row(),
        year=year,
        quarter=number,
        defaults={"content": content, "fingerprint": current, "rendered_at": timezone.now()},
    )


def readable(data: dict) -> dict:
    """The stored data with its dates as dates again, for the templates."""
    rows = [
        {
            **row,
            "received_on": date.fromisoformat(row["received_on"]),
            "due_on": date.fromisoformat(row["due_on"]),
            "answered_on": date.fromisoformat(row["answered_on"]) if row["answered_on"] else None,
        }
        for row in data["requests"]
    ]
    return {
        **data,
        "start": date.fromisoformat(data["start"]),
        "end": date.fromisoformat(data["end"]),
        "computed_on": date.fromisoformat(data["computed_on"]),
        "requests": rows,
    }
