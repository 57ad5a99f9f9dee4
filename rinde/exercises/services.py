"""Changes to exercises, stages, actions and documents: one transaction and one audit entry
each."""

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from rinde.core import audit
from rinde.entity.models import Department
from rinde.exercises.models import (
    STAGE_ORDER,
    Action,
    ActionStatus,
    Document,
    Exercise,
    Stage,
    StageKind,
)
from rinde.exercises.seed_template import DEFAULT_TEMPLATE


def ensure_stages(exercise: Exercise) -> list[Stage]:
    """The five MURC stages of an exercise, created when missing."""
    stages = []
    for kind in StageKind:
        stage, _ = Stage.objects.get_or_create(
            exercise=exercise, kind=kind, defaults={"position": STAGE_ORDER[kind]}
        )
        stages.append(stage)
    return stages


def apply_template(exercise: Exercise, template=None) -> int:
    """Add every action of the template to its stage; returns how many were added. Offices
    are matched by department code; an unknown code leaves the action without one."""
    template = DEFAULT_TEMPLATE if template is None else template
    stages = {stage.kind: stage for stage in ensure_stages(exercise)}
    departments = {d.code: d for d in Department.objects.all()}
    actions = []
    for kind, rows in template.items():
        for position, (description, element, code, audiences, channels) in enumerate(rows, 1):
            actions.append(
                Action(
                    stage=stages[kind],
                    position=position,
                    description=description,
                    element=element,
                    department=departments.get(code),
                    audiences=audiences,
                    channels=channels,
                )
            )
    Action.objects.bulk_create(actions)
    return len(actions)


def create_exercise(*, form, actor, request=None, use_template: bool = True) -> Exercise:
    with transaction.atomic():
        exercise = form.save()
        ensure_stages(exercise)
        added = apply_template(exercise) if use_template else 0
        audit.record(
            actor=actor,
            action="exercises.create",
            target=exercise,
            changes={**audit.form_changes(form), "template_actions": added},
            request=request,
        )
    return exercise


def update_action(*, form, actor, request=None) -> Action:
    with transaction.atomic():
        changes = audit.form_changes(form)
        action = form.save()
        audit.record(
            actor=actor,
            action="exercises.action_update",
            target=action,
            changes=changes,
            request=request,
        )
    return action


def overdue_actions(today: date | None = None):
    today = today or timezone.localdate()
    return (
        Action.objects.overdue(today)
        .select_related("stage__exercise", "department")
        .order_by("due_on", "pk")
    )


def progress(actions) -> dict:
    """{'total', 'done', 'percent'} over the actions that were not cancelled."""
    counted = [a for a in actions if a.status != ActionStatus.CANCELLED]
    done = sum(1 for a in counted if a.status == ActionStatus.DONE)
    total = len(counted)
    return {"total": total, "done": done, "percent": round(100 * done / total) if total else 0}


def checksum(uploaded) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    return size, digest.hexdigest()


def save_document(*, form, actor, request=None, publish: bool = False) -> Document:
    """A new document (or a correction: a new version of the one it replaces)."""
    with transaction.atomic():
        document = form.save(commit=False)
        document.size, document.sha256 = checksum(form.cleaned_data["file"])
        document.uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
        if document.replaces_id:
            previous = Document.objects.select_for_update().get(pk=document.replaces_id)
            document.version = previous.version + 1
        if publish:
            document.published_at = timezone.now()
        document.save()
        audit.record(
            actor=actor,
            action="exercises.document_upload",
            target=document,
            changes={"sha256": document.sha256, "size": document.size, "published": publish},
            request=request,
        )
    return document


def publish_document(*, document: Document, actor, request=None) -> Document:
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.published_at is None:
            document.published_at = timezone.now()
            document.save(update_fields=["published_at"])
            audit.record(
                actor=actor, action="exercises.document_publish", target=document, request=request
            )
    return document
