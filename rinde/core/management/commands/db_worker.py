"""django-tasks-db's `db_worker`, plus a heartbeat (core.heartbeat) for /health/ready/.

Same name, options and behaviour, so the Makefile, the systemd units and the docs keep
saying `manage.py db_worker`; it takes precedence because rinde.core comes before
django_tasks_db in INSTALLED_APPS (a test checks it)."""

from django_tasks_db.management.commands import db_worker

from rinde.core import heartbeat


class Command(db_worker.Command):
    help = "Run a database background worker, with a heartbeat for /health/ready/"

    def handle(self, *args, worker_id: str, **options) -> None:
        heartbeat.start_beating(worker_id)
        super().handle(*args, worker_id=worker_id, **options)
