"""django-tasks-db's `db_worker`, plus a heartbeat (core.heartbeat) for /health/ready/ and
the return of tasks a dead worker left running (core.task_recovery).

Same name, options and behaviour, so the Makefile, the systemd units and the docs keep
saying `manage.py db_worker`; it takes precedence because rinde.core comes before
django_tasks_db in INSTALLED_APPS (a test checks it)."""

from django_tasks_db.management.commands import db_worker

from rinde.core import heartbeat, task_recovery


class Command(db_worker.Command):
    help = "Run a database background worker, with a heartbeat for /health/ready/"

    def handle(self, *args, worker_id: str, **options) -> None:
        # Before the first claim: what is still RUNNING under this id is a dead
        # predecessor's (a restart under the same id), and other dead workers' tasks too.
        task_recovery.requeue_orphans(own_worker_id=worker_id)
        beating = heartbeat.start_beating(worker_id)
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            # A worker that returns (--batch, a stop signal) stops beating: in a test run
            # the thread outlived the command and wrote to a database already dropped.
            beating.stop.set()
            beating.join(timeout=10)
