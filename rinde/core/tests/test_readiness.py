from datetime import timedelta

import pytest
from django.core.management import get_commands
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rinde.core import heartbeat
from rinde.core.management.commands import db_worker
from rinde.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def enqueue(*, waited: timedelta) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="rinde.questions.tasks.send_question_digests",
        backend_name="default",
        run_after=heartbeat.get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


def test_ready_answers_200_with_each_check_when_all_is_well(client):
    heartbeat.beat("worker-1")
    enqueue(waited=timedelta(seconds=5))
    response = client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["worker"]["seen_seconds_ago"] <= 2
    assert body["checks"]["queue"]["ok"] is True
    assert 5 <= body["checks"]["queue"]["oldest_seconds"] <= 8
    assert "no-cache" in response["Cache-Control"]
    # Figures only: no worker id, host name or setting leaks out.
    assert "worker-1" not in response.text
    assert WorkerHeartbeat.objects.get().host not in response.text


def test_ready_answers_503_when_the_worker_heartbeat_is_old(client, settings):
    settings.WORKER_STALE_SECONDS = 60
    heartbeat.beat("worker-1", now=timezone.now() - timedelta(seconds=90))
    response = client.get("/health/ready/")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False
    assert 90 <= worker["seen_seconds_ago"] <= 93
    assert response.json()["status"] == "error"


def test_ready_answers_503_when_no_worker_ever_beat(client):
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "seen_seconds_ago": None}


def test_ready_answers_503_when_a_task_waits_too_long(client, settings):
    settings.QUEUE_MAX_AGE_SECONDS = 300
    heartbeat.beat("worker-1")
    enqueue(waited=timedelta(minutes=10))
    response = client.get("/health/ready/")
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert queue["ok"] is False
    assert 600 <= queue["oldest_seconds"] <= 603


def test_a_task_deferred_on_purpose_waits_from_its_run_after():
    now = timezone.now()
    task = enqueue(waited=timedelta(hours=2))
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=now - timedelta(seconds=30))
    assert heartbeat.queue_oldest_age_seconds(now) == pytest.approx(30, abs=1)
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=now + timedelta(hours=1))
    assert heartbeat.queue_oldest_age_seconds(now) == 0


def test_ready_answers_503_when_the_database_fails(client, monkeypatch):
    from rinde.portal import views

    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(views, "database_answers", lambda: False)
    monkeypatch.setattr(heartbeat, "worker_seen_seconds_ago", broken)
    monkeypatch.setattr(heartbeat, "queue_oldest_age_seconds", broken)
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "seen_seconds_ago": None}
    assert response.json()["checks"]["queue"] == {"ok": False, "oldest_seconds": None}


def test_liveness_ignores_the_worker(client):
    assert client.get("/health/").status_code == 200


def test_a_beat_updates_its_row_and_forgets_workers_gone_a_day():
    now = timezone.now()
    heartbeat.beat("gone", now=now - timedelta(days=2))
    heartbeat.beat("alive", now=now - timedelta(seconds=40))
    heartbeat.beat("alive", now=now)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", "seen_at")) == [("alive", now)]


def test_db_worker_is_rindes_command_with_the_heartbeat():
    assert get_commands()["db_worker"] == "rinde.core"


def test_db_worker_beats_with_its_worker_id_and_stops_when_it_returns(monkeypatch):
    """The thread outlived a `db_worker --batch` run (a test's): on PostgreSQL it went on
    writing to the test database after it was dropped."""
    import threading

    started = []

    class Beating:
        def __init__(self):
            self.stop = threading.Event()

        def join(self, timeout=None):
            pass

    def start(worker_id):
        started.append(worker_id)
        started.append(Beating())
        return started[-1]

    monkeypatch.setattr(heartbeat, "start_beating", start)
    monkeypatch.setattr(db_worker.db_worker.Worker, "run", lambda self: None)
    # Called as the command line would, without argparse (tests run tasks at once, so
    # no database backend is configured for --backend to accept).
    db_worker.Command().handle(
        verbosity=0,
        queue_name="default",
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        reload=False,
        max_tasks=None,
        worker_id="w-42",
        exclude_queues="",
    )
    worker_id, beating = started
    assert worker_id == "w-42"
    assert beating.stop.is_set()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_writes_a_row_at_once():
    thread = heartbeat.start_beating("thread-worker")
    try:
        for _ in range(100):
            if WorkerHeartbeat.objects.filter(worker_id="thread-worker").exists():
                break
            thread.join(0.05)
        assert WorkerHeartbeat.objects.filter(worker_id="thread-worker").exists()
    finally:
        thread.stop.set()
        thread.join(5)
    assert not thread.is_alive()
