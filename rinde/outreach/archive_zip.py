"""Building an archive zip in the background (outreach.tasks.build_archive_zip): the
worker's half of the archive; queuing one is archive.request_zip."""

import csv
import io
import tempfile
import zipfile
from pathlib import PurePosixPath

from django.core.files import File
from django.utils import timezone
from django.utils.text import slugify

from rinde.core.spreadsheet_cells import csv_row
from rinde.entity import work
from rinde.outreach.models import ArchiveExport, Deliverable, DeliverableKind, ExportStatus

MANIFEST_HEADER = ["archivo", "tipo", "titulo", "texto_alternativo", "credito", "enlace"]
FOLDERS = {
    DeliverableKind.PHOTO: "fotos",
    DeliverableKind.VIDEO: "videos",
    DeliverableKind.DESIGN: "disenos",
}


def requeue_interrupted(export_id: int) -> int:
    """An export whose worker died while building it: queued again, so the task's next
    run builds it from scratch (a zip is written whole before the export points at it)."""
    return ArchiveExport.objects.filter(pk=export_id, status=ExportStatus.BUILDING).update(
        status=ExportStatus.QUEUED
    )


def build_zip(export_id: int) -> ArchiveExport:
    """Build the zip of an export: every file under its kind's folder and a manifest.

    Runs in the background; any failure is kept on the export for staff to see."""
    updated = ArchiveExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.BUILDING
    )
    export = ArchiveExport.objects.select_related("exercise").get(pk=export_id)
    if not updated:
        return export  # another worker has it, or it is already done
    try:
        items = list(Deliverable.objects.filter(exercise=export.exercise).in_archive_order())
        with tempfile.TemporaryFile() as handle:
            write_zip(handle, items)
            handle.seek(0)
            export.file.save(
                f"rendicion-{export.exercise.year}-archivo-{export.pk}.zip",
                File(handle),
                save=False,
            )
        export.items = len(items)
        export.status = ExportStatus.READY
        export.error = ""
    except Exception as error:  # noqa: BLE001 - any failure is shown to staff on the export
        export.status = ExportStatus.FAILED
        export.error = f"{type(error).__name__}: {error}"[:300]
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "file", "items", "error", "finished_at"])
    return export


def write_zip(handle, items: list[Deliverable]) -> None:
    """Files are stored as they are (photos and PDFs do not compress); the manifest lists
    every item, videos included (their link)."""
    base = work.site_url()
    rows = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, item in enumerate(items, start=1):
            name = ""
            if item.file:
                suffix = PurePosixPath(item.file.name or "").suffix.lower()
                stem = slugify(item.title)[:60] or "entregable"
                name = f"{FOLDERS[DeliverableKind(item.kind)]}/{number:03d}-{stem}{suffix}"
                with item.file.open("rb") as source, archive.open(name, "w") as target:
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
            link = item.video_url if item.kind == DeliverableKind.VIDEO else ""
            if item.file and not link:
                link = item.file.url if item.file.url.startswith("http") else base + item.file.url
            rows.append(
                [name, item.get_kind_display(), item.title, item.alt_text, item.credit, link]
            )
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(MANIFEST_HEADER)
        writer.writerows(csv_row(row) for row in rows)
        # UTF-8 with BOM, so Excel opens accents right (as core.streaming does).
        archive.writestr(
            "manifiesto.csv", "\ufeff" + text.getvalue(), compress_type=zipfile.ZIP_DEFLATED
        )
