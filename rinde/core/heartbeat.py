"""The background worker's heartbeat, and the readings /health/ready/ and the metrics take.

`manage.py db_worker` (Rinde's, core/management/commands/db_worker.py) starts a thread that
writes a WorkerHeartbeat row every WORKER_HEARTBEAT_SECONDS. A thread rather than a step of
the worker's loop: a worker busy with a long task (a 5,000-contact bulletin, a PDF) is alive,
and django-tasks-db's loop offers no hook. A worker whose loop is stuck while its thread
beats is caught by the other reading: the age of the oldest task waiting to run.
"""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from rinde.core import task_recovery
from rinde.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Rows of workers gone this long are removed by the next beat of any worker.
FORGET_AFTER = timedelta(days=1)


def beat(worker_id: str, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now},
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def start_beating(worker_id: str) -> threading.Thread:
    """Beat now, then every WORKER_HEARTBEAT_SECONDS until the process ends (a daemon
    thread dies with the worker, which is the point). Each beat also puts back in the queue
    the tasks of workers that stopped beating (core.task_recovery): a worker that dies for
    good is covered by the others, not only by its own restart."""
    stop = threading.Event()

    def run() -> None:
        while True:
            try:
                beat(worker_id)
            except Exception:  # noqa: BLE001 - a database gap must not kill the thread
                logger.warning("worker heartbeat not written", exc_info=True)
            try:
                task_recovery.requeue_orphans()
            except Exception:  # noqa: BLE001 - as above; the next beat tries again
                logger.warning("orphaned tasks not checked", exc_info=True)
            finally:
                # The thread's own connection: not held between beats.
                connections.close_all()
            if stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
                return

    thread = threading.Thread(target=run, name="rinde-heartbeat", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]  # tests stop it
    thread.start()
    return thread


def worker_seen_seconds_ago(now: datetime | None = None) -> float | None:
    """Seconds since the most recent beat of any worker; None when none ever beat."""
    now = now or timezone.now()
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return None if last is None else max(0.0, (now - last).total_seconds())


def ready_tasks():
    return DBTaskResult.objects.ready()


def queue_oldest_age_seconds(now: datetime | None = None) -> float:
    """How long the oldest task ready to run has waited to be picked up: since it was
    enqueued, or since its `run_after` for a task deferred on purpose. 0 when none waits."""
    now = now or timezone.now()
    ready = ready_tasks()
    waiting_since = [
        ready.filter(run_after=get_date_max())
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first(),
        ready.exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first(),
    ]
    oldest = min((t for t in waiting_since if t is not None), default=None)
    return 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())


def queue_depth() -> int:
    return ready_tasks().count()


def running_tasks() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
