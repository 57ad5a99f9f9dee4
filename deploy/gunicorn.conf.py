"""gunicorn's settings for Rinde behind nginx: `gunicorn -c deploy/gunicorn.conf.py rinde.wsgi`.

Read by the systemd unit (deploy/systemd/rinde-web.service) and by `make deploy-local`;
each value can be changed through the environment, so neither needs its own copy.
"""

import multiprocessing
import os

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers: Django's ORM and templates are CPU work, and a worker per request
# is the model the body limit and the file responses assume (rinde/core/body_limit.py).
# Two per core plus one keeps the cores busy while others wait on PostgreSQL or Redis;
# the cap keeps memory bounded on a larger box (each worker holds ~100 MB). Several
# workers need REDIS_URL: without Redis each would keep its own cache and rate limits.
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 9))

# Requests are short: PDFs, imports and e-mail run in the task worker. A request still
# running after this long is killed and logged, rather than holding a worker forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On a restart or a deploy (SIGHUP/SIGTERM), requests under way get this long to finish.
graceful_timeout = 30
# Recycle workers now and then, staggered, so a slow leak never grows without bound. Not
# too often: a restart costs a second of CPU and a worker less while it boots; at a
# hearing's hundred posts a second, 2,000 requests restarted a worker every 20 s, often
# two at once (the jitter was too small to spread them): bench/hearing_day.py.
max_requests = 10_000
max_requests_jitter = 5_000

# nginx on the same host is the only client; it sets X-Forwarded-For/Proto
# (TRUSTED_PROXY_COUNT=1 in the environment file).
forwarded_allow_ips = "127.0.0.1"

proc_name = "rinde-web"
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
_log_dir = os.environ.get("GUNICORN_LOG_DIR", "")
# "-": stdout/stderr, i.e. the journal under systemd.
accesslog = os.path.join(_log_dir, "gunicorn-access.log") if _log_dir else "-"
errorlog = os.path.join(_log_dir, "gunicorn-error.log") if _log_dir else "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


# Prometheus's multi-process mode (rinde/core/metrics.py): each worker writes its samples to
# files in PROMETHEUS_MULTIPROC_DIR (set for the web process only: the systemd unit's
# RuntimeDirectory, deploy-local's run/metrics). Start from an empty folder, so counts of a
# previous run are not added in, and forget a worker's live gauges when it exits.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
