"""The deliverables archive of an exercise: photos, videos and designs delivered for the
final report, and its zip (files plus a manifest CSV) built in the background."""

import csv
import io
import tempfile
import zipfile
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from rinde.core import audit
from rinde.core.public_cache import bump_site_version
from rinde.core.spreadsheet_cells import csv_row
from rinde.outreach.models import ArchiveExport, Deliverable, DeliverableKind, ExportStatus

STALE_AFTER = timedelta(minutes=30)
MANIFEST_HEADER = ["archivo", "tipo", "titulo", "texto_alternativo", "credito", "enlace"]
FOLDERS = {
    DeliverableKind.PHOTO: "fotos",
    DeliverableKind.VIDEO: "videos",
    DeliverableKind.DESIGN: "disenos",
}
# Public URL slugs of each kind for the archive's filter (?tipo=foto).
KIND_SLUGS = {
    "foto": DeliverableKind.PHOTO,
    "video": DeliverableKind.VIDEO,
    "diseno": DeliverableKind.DESIGN,
}


@transaction.atomic
def save_deliverable(*, form, actor, request=None) -> Deliverable:
    created = form.instance.pk is None
    item = form.save()
    audit.record(
        actor=actor,
        action=f"outreach.deliverable.{'create' if created else 'update'}",
        target=item,
        changes=audit.form_changes(form),  # a creation: every field, from None
        request=request,
    )
    transaction.on_commit(bump_site_version)
    return item


@transaction.atomic
def delete_deliverable(item: Deliverable, *, actor, request=None) -> None:
    audit.record(
        actor=actor,
        action="outreach.deliverable.delete",
        target=item,
        changes={"kind": item.kind, "file": item.file},
        request=request,
    )
    stored = item.file.name
    storage = item.file.storage
    item.delete()

    def remove_file():
        if stored:
            storage.delete(stored)

    transaction.on_commit(remove_file)
    transaction.on_commit(bump_site_version)


def request_zip(exercise, *, actor, request=None) -> ArchiveExport:
    """Queue a zip of the exercise's archive; a zip queued or being built in the last
    STALE_AFTER is returned instead of starting a second one (an older one is taken as a
    worker that died, so staff are never stuck)."""
    from rinde.outreach import tasks

    with transaction.atomic():
        pending = ArchiveExport.objects.filter(
            exercise=exercise,
            status__in=[ExportStatus.QUEUED, ExportStatus.BUILDING],
            requested_at__gte=timezone.now() - STALE_AFTER,
        ).first()
        if pending is not None:
            return pending
        export = ArchiveExport.objects.create(exercise=exercise, requested_by=actor)
        audit.record(actor=actor, action="outreach.archive.zip", target=export, request=request)
        transaction.on_commit(lambda: tasks.build_archive_zip.enqueue(export.pk))
    return export


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
    base = settings.SITE_URL.rstrip("/")
    rows = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, item in enumerate(items, start=1):
            name = ""
            if item.file:
                suffix = PurePosixPath(item.file.name).suffix.lower()
                stem = slugify(item.title)[:60] or "entregable"
                name = f"{FOLDERS[item.kind]}/{number:03d}-{stem}{suffix}"
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


KEEP_OLD_ZIPS_FOR = timedelta(days=1)


def purge_old_zips(now=None) -> dict[str, int]:
    """Housekeeping (manage.py housekeeping): every zip but the newest ready one of each
    exercise is deleted with its file a day after it was built (staff only ever see the
    newest); a zip still queued or building after STALE_AFTER is marked failed, as its
    worker died, so the staff page stops waiting for it."""
    now = now or timezone.now()
    stale = ArchiveExport.objects.filter(
        status__in=[ExportStatus.QUEUED, ExportStatus.BUILDING], requested_at__lt=now - STALE_AFTER
    ).update(
        status=ExportStatus.FAILED,
        error="El proceso en segundo plano se detuvo antes de terminar; pida el zip otra vez.",
        finished_at=now,
    )
    newest = {}
    for pk, exercise_id in ArchiveExport.objects.filter(status=ExportStatus.READY).values_list(
        "pk", "exercise_id"
    ):  # newest first (Meta.ordering)
        newest.setdefault(exercise_id, pk)
    old = ArchiveExport.objects.filter(
        status__in=[ExportStatus.READY, ExportStatus.FAILED],
        finished_at__lt=now - KEEP_OLD_ZIPS_FOR,
    ).exclude(pk__in=newest.values())
    deleted = 0
    for export in old:
        name, storage = export.file.name, export.file.storage
        export.delete()
        if name:
            storage.delete(name)  # after the row: a crash in between leaves a file, not a link
        deleted += 1
    return {"stale zips marked failed": stale, "old zips deleted": deleted}
