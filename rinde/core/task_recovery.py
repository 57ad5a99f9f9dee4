"""Tasks a dead worker left running go back to the queue by themselves.

django-tasks-db marks a task RUNNING when a worker claims it and records nothing more until
it ends; a worker killed in between (SIGKILL, the machine's power, the OOM killer) leaves
it RUNNING for ever, and nothing runs it again. This module decides which RUNNING tasks are
orphans and puts them back to READY, so the next free worker runs them again. Every task is
written to be run again safely (docs/deploy-guide.md, "The worker restarted").

When a task is an orphan: the worker that claimed it last (the last of its `worker_ids`)
is dead. Dead is measured by that worker's heartbeat (core.heartbeat), not by how long the
task has been running: a 5,000-contact bulletin or a large import legitimately runs for
minutes, and its worker's heartbeat thread keeps beating meanwhile. So a task is an orphan
when its worker has not beaten for WORKER_STALE_SECONDS, or never beat at all and the task
started more than WORKER_STALE_SECONDS ago (a worker beats as soon as it starts). And a
worker that starts reclaims at once the tasks still RUNNING under its own id: it runs none
yet, so they are its dead predecessor's (systemd restarts `rinde-worker@N` under the same
id, `%H-%i`; ids must be unique among the workers running at one time, as django-tasks-db
already requires).

A task that kills its worker every time (a PDF that exhausts the memory) must not loop for
ever: after MAX_ATTEMPTS runs it is marked failed, with the reason.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rinde.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Runs of one task (len(worker_ids)) before a task whose worker keeps dying is given up.
MAX_ATTEMPTS = 3
GAVE_UP = "rinde.core.task_recovery.WorkerDied"


def orphaned(now: datetime | None = None, *, own_worker_id: str | None = None) -> list:
    """The RUNNING tasks whose worker is dead (see the module's docstring)."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    found = []
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at", "task_path"
    ):
        worker = task.worker_ids[-1] if task.worker_ids else None
        if worker is not None and worker == own_worker_id:
            found.append(task)
        elif worker in seen:
            if seen[worker] < stale_before:
                found.append(task)
        elif task.started_at is None or task.started_at < stale_before:
            found.append(task)
    return found


def requeue_orphans(now: datetime | None = None, *, own_worker_id: str | None = None) -> int:
    """Put the orphaned tasks back to READY (or FAILED after MAX_ATTEMPTS runs); returns
    how many went back to the queue. Each change is conditional on the row being still as
    read, so two workers reclaiming at once, or a worker finishing the task meanwhile, do
    not step on each other."""
    now = now or timezone.now()
    requeued = 0
    for task in orphaned(now, own_worker_id=own_worker_id):
        # A claim sets started_at anew: the same value means no worker took it since.
        still = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) >= MAX_ATTEMPTS:
            changed = still.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=GAVE_UP,
                traceback=(
                    f"The worker running this task died {len(task.worker_ids)} times "
                    f"({', '.join(task.worker_ids)}); it is not run again."
                ),
            )
            if changed:
                logger.error(
                    "task given up: its worker died each time",
                    extra={"task_id": str(task.pk), "task": task.task_path},
                )
            continue
        # Back to READY as it was enqueued: run_after and priority are kept, and worker_ids
        # too (its length counts the runs: the task context's `attempt`).
        changed = still.update(status=TaskResultStatus.READY)
        if changed:
            requeued += 1
            logger.warning(
                "task left running by a dead worker queued again",
                extra={
                    "task_id": str(task.pk),
                    "task": task.task_path,
                    "dead_worker": task.worker_ids[-1] if task.worker_ids else "",
                },
            )
    return requeued
