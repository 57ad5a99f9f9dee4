"""The Itagüí 2023 exercise: the strategy's actions in their MURC stages, a management report
and a veeduría report (small PDFs made here, no binary files in the repository; the
management report's real PDF and HTML version come later, from the plan's and the
questions' figures: demo/management_report.py)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from rinde.core import pdf
from rinde.demo import accounts as demo_accounts
from rinde.demo.fictitious import FICTITIOUS_VIDEO
from rinde.entity.models import Entity
from rinde.exercises import services
from rinde.exercises.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Document,
    DocumentKind,
    Event,
    EventDetails,
    EventKind,
    Exercise,
    OversightCommittee,
    Registration,
    StageKind,
)

BOGOTA = ZoneInfo("America/Bogota")

# Due dates per stage for the 2023 exercise (the hearing is on 15 December 2023).
DUE_DATES = {
    StageKind.READINESS: date(2023, 3, 31),
    StageKind.DESIGN: date(2023, 6, 30),
    StageKind.PREPARATION: date(2023, 11, 14),
    StageKind.EXECUTION: date(2023, 12, 15),
    StageKind.FOLLOW_UP: date(2024, 1, 31),
}

DOCUMENTS = [
    {
        "kind": DocumentKind.MANAGEMENT_REPORT,
        "title": "Informe de gestión 2023",
        "date": date(2023, 11, 10),
        "published_at": datetime(2023, 11, 14, 9, 0, tzinfo=BOGOTA),
        "summary": (
            "<p>El informe presenta el avance del Plan de Desarrollo «Itagüí Ciudad de "
            "Oportunidades 2020-2023» por línea estratégica, la ejecución del presupuesto y "
            "los logros de cada secretaría durante 2023.</p>"
        ),
    },
    {
        "kind": DocumentKind.OVERSIGHT_REPORT,
        "title": "Informe de las veedurías locales 2023",
        "date": date(2023, 12, 1),
        "published_at": datetime(2023, 12, 4, 9, 0, tzinfo=BOGOTA),
        "summary": (
            "<p>Las veedurías ciudadanas revisaron el informe de gestión y presentan sus "
            "observaciones sobre obras de infraestructura, salud y movilidad.</p>"
        ),
    },
]


AGENDA = [
    (time(8, 0), "Instalación y saludo del alcalde", "Alcalde de Itagüí"),
    (
        time(8, 20),
        "Presentación del informe de gestión 2023",
        "Departamento Administrativo de Planeación",
    ),
    (time(9, 30), "Informe de las veedurías locales", "Veedurías ciudadanas"),
    (time(10, 0), "Intervenciones y preguntas de la ciudadanía", "Ciudadanía inscrita"),
    (time(10, 45), "Respuestas, evaluación y cierre", "Secretaría de las Comunicaciones"),
]

# Fictional people; example.com addresses never receive mail.
REGISTRATIONS = [
    ("RC-DEMO001", "attend", "Marta Lucía Ruiz", "marta@example.com", "", ""),
    ("RC-DEMO002", "attend", "José David Toro", "jose@example.com", "", ""),
    (
        "RC-DEMO003",
        "intervene",
        "Junta de Acción Comunal Santa María",
        "jac.santamaria@example.com",
        "Movilidad en Santa María",
        "Pedimos el balance de las obras de la calle 36 y su cronograma.",
    ),
]


def make_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (ASCII), valid enough for any reader."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
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


def document_pdf(title: str, summary: str) -> bytes:
    """A demo document as a real PDF (WeasyPrint): its title and its text, the HTML version
    shown on the exercise's page. The management report is then made again from the
    demo's figures (demo/management_report.py)."""
    page = render_to_string(
        "demo/document.html",
        {"entity": Entity.objects.current(), "title": title, "summary": summary},
    )
    return pdf.html_to_pdf(page, base_url=settings.SITE_URL)


@transaction.atomic
def load() -> str:
    exercise = Exercise.objects.get(slug="2023")
    services.ensure_stages(exercise)
    if not Action.objects.filter(stage__exercise=exercise).exists():
        services.apply_template(exercise)
    for action in Action.objects.filter(stage__exercise=exercise).select_related("stage"):
        action.due_on = DUE_DATES[action.stage.kind]
        action.status = (
            ActionStatus.IN_PROGRESS
            if action.stage.kind == StageKind.FOLLOW_UP
            else ActionStatus.DONE
        )
        action.save(update_fields=["due_on", "status", "updated_at"])

    committee, _created = OversightCommittee.objects.get_or_create(
        name="Veeduría Ciudadana al Plan de Desarrollo de Itagüí"
    )
    committee.members.add(*demo_accounts.users("veeduria"))
    for row in DOCUMENTS:
        document = Document.objects.filter(
            exercise=exercise, kind=row["kind"], title=row["title"], version=1
        ).first()
        if document is None:
            content = document_pdf(row["title"], row["summary"])
            document = Document(exercise=exercise, kind=row["kind"], title=row["title"])
            document.original_name = document.download_name
            document.file.save(document.original_name, ContentFile(content), save=False)
            document.size, document.sha256 = services.checksum(ContentFile(content))
        document.date = row["date"]
        document.summary = row["summary"]
        document.published_at = row["published_at"]
        if document.published_at:
            services.expose_document(document)
        if row["kind"] == DocumentKind.OVERSIGHT_REPORT:
            document.committee = committee
        services.prepare_document(document)
        document.save()
    hearing = Event.objects.get(exercise=exercise, kind=EventKind.HEARING)
    hearing.recording_url = FICTITIOUS_VIDEO + "audiencia-2023"
    hearing.save(update_fields=["recording_url"])
    EventDetails.objects.update_or_create(
        event=hearing,
        defaults={
            "description": (
                "La administración presenta su informe de gestión 2023 y responde las "
                "preguntas de la ciudadanía."
            ),
            "map_url": "https://www.openstreetmap.org/search?query=CAMI%20Itag%C3%BC%C3%AD",
            "capacity": 300,
            "rules": (
                "Cada persona inscrita para intervenir tiene tres minutos. Las intervenciones "
                "siguen el orden de inscripción. Las preguntas que no alcancen a responderse se "
                "contestan por escrito dentro de los 15 días hábiles siguientes."
            ),
            "recording_has_captions": True,
            "accessibility": (
                "Intérprete de lengua de señas colombiana en el auditorio y en la transmisión; "
                "auditorio con rampa y baño accesible."
            ),
        },
    )
    for at, topic, speaker in AGENDA:
        AgendaItem.objects.update_or_create(
            event=hearing, starts_at=at, defaults={"topic": topic, "speaker": speaker}
        )
    for code, kind, name, email, topic, summary in REGISTRATIONS:
        Registration.objects.update_or_create(
            code=demo_accounts.code(code),
            defaults={
                "event": hearing,
                "kind": kind,
                "name": name,
                "email": email,
                "data_consent_version": services.DATA_CONSENT_VERSION,
                "topic": topic,
                "summary": summary,
            },
        )
    return f"Rendición 2023: {Action.objects.filter(stage__exercise=exercise).count()} acciones."
