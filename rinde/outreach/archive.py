"""The deliverables archive of an exercise: photos, videos and designs delivered for the
final report, and its zip (files plus a manifest CSV), queued here and built in the
background by archive_zip."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from rinde.core import audit
from rinde.core.public_cache import refresh_public_pages
from rinde.outreach import tasks
from rinde.outreach.models import ArchiveExport, Deliverable, DeliverableKind, ExportStatus

STALE_AFTER = timedelta(minutes=30)
# Public URL slugs of each kind for the archive's filter (?tipo=foto).
KIND_SLUGS = {
    "foto": DeliverableKind.PHOTO,
    "video": DeliverableKind.VIDEO,
    "diseno": DeliverableKind.DESIGN,
}


def save_deliverable(item: Deliverable, values: dict, *, actor, request=None) -> Deliverable:
    created = item.pk is None
    with transaction.atomic():
        audit.save_changes(
            item,
            values,
            actor=actor,
            action=f"outreach.deliverable.{'create' if created else 'update'}",
            request=request,
        )
        refresh_public_pages()
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
    refresh_public_pages()


def request_zip(exercise, *, actor, request=None) -> ArchiveExport:
    """Queue a zip of the exercise's archive; a zip queued or being built in the last
    STALE_AFTER is returned instead of starting a second one (an older one is taken as a
    worker that died, so staff are never stuck)."""
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
