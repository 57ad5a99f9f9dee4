"""Request latency for Prometheus, counted by the outermost middleware (core.request_log).

prometheus_client rather than a hand-written exposition: it gives the text format, histogram
buckets and, under gunicorn's several processes, the multi-process mode (each process writes
its samples to files in PROMETHEUS_MULTIPROC_DIR, and the scrape, answered by any one
process, adds them all up). Without that directory each process would report only its own
requests. Counting in Redis instead would cost every request a round trip.

Only request latency is counted per process. The page at /metrics, which adds the figures
read from the apps' tables, is `rinde.operations.metrics`: it sits above the apps it reads.
"""

import logging

from prometheus_client import Histogram

logger = logging.getLogger(__name__)

# Buckets around the hearing day's target (p99 under 300 ms).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)

# Labelled by the URL's name (`questions:detail`), never the path: a path holds tracking
# codes and ids, one series each, and would grow without end.
REQUEST_LATENCY = Histogram(
    "rinde_http_request_duration_seconds",
    "Time from the request reaching Django to its response, by view.",
    ["view", "method", "status"],
    buckets=LATENCY_BUCKETS,
    registry=None,
)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(view: str, method: str, status: int, seconds: float) -> None:
    """Count one request. A failure here (PROMETHEUS_MULTIPROC_DIR not writable, a full
    disk) is logged once per process and never fails the request itself."""
    global _observe_failed
    try:
        REQUEST_LATENCY.labels(
            view=view,
            method=method if method in _METHODS else "other",
            status=f"{status // 100}xx",
        ).observe(seconds)
    except Exception:  # noqa: BLE001 - metrics are never worth a citizen's 500
        if not _observe_failed:
            _observe_failed = True
            logger.exception("request latency not recorded (later failures not logged)")


_observe_failed = False
