"""The rule that puts a dead worker's tasks back in the queue (core.task_recovery)."""

import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from rinde.core import heartbeat, task_recovery
from rinde.core.management.commands import db_worker

pytestmark = pytest.mark.django_db


def running(*worker_ids: str, started: timedelta = timedelta(minutes=10)) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="rinde.outreach.tasks.send_bulletin",
        backend_name="default",
        run_after=get_date_max(),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - started,
        worker_ids=list(worker_ids),
    )


def status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_a_task_whose_worker_stopped_beating_goes_back_to_ready(settings):
    settings.WORKER_STALE_SECONDS = 60
    now = timezone.now()
    heartbeat.beat("dead", now=now - timedelta(seconds=61))
    heartbeat.beat("alive", now=now - timedelta(seconds=5))
    orphan = running("dead")
    busy = running("alive", started=timedelta(hours=2))  # long, but its worker beats

    assert task_recovery.requeue_orphans(now) == 1

    assert status(orphan) == TaskResultStatus.READY
    assert orphan.worker_ids == ["dead"]  # kept: the next run is attempt 2
    assert status(busy) == TaskResultStatus.RUNNING
    # READY as enqueued: the worker's own query finds it.
    assert list(DBTaskResult.objects.ready()) == [orphan]


def test_a_heartbeat_just_within_the_limit_keeps_the_task(settings):
    settings.WORKER_STALE_SECONDS = 60
    now = timezone.now()
    heartbeat.beat("slow", now=now - timedelta(seconds=59))
    task = running("slow")
    assert task_recovery.requeue_orphans(now) == 0
    assert status(task) == TaskResultStatus.RUNNING


def test_a_worker_that_never_beat_is_judged_by_the_task_start(settings):
    settings.WORKER_STALE_SECONDS = 60
    old = running("plain-worker", started=timedelta(seconds=61))
    new = running("just-started", started=timedelta(seconds=10))
    assert task_recovery.requeue_orphans() == 1
    assert status(old) == TaskResultStatus.READY
    assert status(new) == TaskResultStatus.RUNNING


def test_a_starting_worker_reclaims_its_own_id_at_once(settings):
    # systemd restarts rinde-worker@1 under the same id within seconds: its last beat is
    # fresh, but the new process runs nothing yet, so RUNNING under its id is the dead one's.
    settings.WORKER_STALE_SECONDS = 60
    heartbeat.beat("host-1")
    mine = running("host-1", started=timedelta(seconds=3))
    other = running("host-2", started=timedelta(seconds=3))
    heartbeat.beat("host-2")
    assert task_recovery.requeue_orphans(own_worker_id="host-1") == 1
    assert status(mine) == TaskResultStatus.READY
    assert status(other) == TaskResultStatus.RUNNING


def test_a_task_that_kills_its_worker_each_time_is_given_up(settings):
    settings.WORKER_STALE_SECONDS = 60
    task = running("w1", "w2", "w3")
    assert task_recovery.requeue_orphans() == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == task_recovery.GAVE_UP
    assert "died 3 times" in task.traceback
    assert task.finished_at is not None


def test_a_task_claimed_again_meanwhile_is_left_alone(settings):
    settings.WORKER_STALE_SECONDS = 60
    task = running("dead")
    found = task_recovery.orphaned()
    # Another worker reclaims and claims it between the read and the update.
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now(), worker_ids=["dead", "other"]
    )
    heartbeat.beat("other")
    assert found == [task]
    assert task_recovery.requeue_orphans() == 0
    assert status(task) == TaskResultStatus.RUNNING


def test_db_worker_reclaims_before_its_first_task(monkeypatch, settings):
    settings.WORKER_STALE_SECONDS = 60
    heartbeat.beat("rinde-1")
    task = running("rinde-1", started=timedelta(seconds=2))
    seen = {}

    def parent_handle(self, *args, worker_id, **options):
        seen["status"] = status(task)

    monkeypatch.setattr(db_worker.db_worker.Command, "handle", parent_handle)
    # What start_beating returns, without a thread: the command stops it when it returns.
    beating = SimpleNamespace(stop=threading.Event(), join=lambda timeout=None: None)
    monkeypatch.setattr(heartbeat, "start_beating", lambda worker_id: beating)
    db_worker.Command().handle(worker_id="rinde-1")
    assert seen["status"] == TaskResultStatus.READY
    assert beating.stop.is_set()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_reclaims_other_workers_tasks(settings):
    settings.WORKER_STALE_SECONDS = 60
    settings.WORKER_HEARTBEAT_SECONDS = 3600
    heartbeat.beat("gone", now=timezone.now() - timedelta(minutes=5))
    task = running("gone")
    thread = heartbeat.start_beating("survivor")
    try:
        deadline = timezone.now() + timedelta(seconds=5)
        while status(task) != TaskResultStatus.READY and timezone.now() < deadline:
            thread.join(0.05)
    finally:
        thread.stop.set()
        thread.join(5)
    assert status(task) == TaskResultStatus.READY
