"""Prometheus metrics at /metrics: request latency by view, the task queue, overdue
questions and e-mail failures.

prometheus_client rather than a hand-written exposition: it gives the text format, histogram
buckets and, under gunicorn's several processes, the multi-process mode (each process writes
its samples to files in PROMETHEUS_MULTIPROC_DIR, and the scrape, answered by any one
process, adds them all up). Without that directory each process would report only its own
requests. Counting in Redis instead would cost every request a round trip.

Only request latency is counted per process. Everything else is read from the database at
scrape time (a few counts on indexed columns), so it is the same whichever process, or
host, answers.
"""

import hmac
import logging
import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from rinde.core import heartbeat
from rinde.core.http import client_ip
from rinde.outreach.models import Delivery, DeliveryStatus
from rinde.questions.models import Question

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

# The tasks that send e-mail: a failed result of one is a message not sent. Bulletins
# record each contact's delivery on its own (outreach.Delivery), counted separately.
EMAIL_TASKS = (
    "rinde.questions.tasks.send_question_received",
    "rinde.questions.tasks.send_question_digests",
    "rinde.consultations.tasks.send_survey_confirmation",
    "rinde.exercises.tasks.send_registration_confirmation",
    "rinde.exercises.tasks.send_event_reminders",
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


class DatabaseCollector:
    """Gauges read from the database at each scrape."""

    def collect(self):
        now = timezone.now()
        yield _gauge(
            "rinde_task_queue_depth",
            "Tasks ready to run, waiting for a worker.",
            None,
            heartbeat.queue_depth(),
        )
        yield _gauge(
            "rinde_task_queue_oldest_age_seconds",
            "How long the oldest task ready to run has waited.",
            None,
            heartbeat.queue_oldest_age_seconds(now),
        )
        yield _gauge(
            "rinde_tasks_running", "Tasks a worker is running.", None, heartbeat.running_tasks()
        )
        seen = heartbeat.worker_seen_seconds_ago(now)
        yield _gauge(
            "rinde_worker_last_seen_seconds",
            "Seconds since a background worker last beat (-1: never).",
            None,
            -1 if seen is None else seen,
        )
        yield _gauge(
            "rinde_questions_overdue",
            "Open citizens' questions past their legal answer date.",
            None,
            Question.objects.overdue(timezone.localdate()).count(),
        )
        failures = GaugeMetricFamily(
            "rinde_email_failures",
            "E-mails not sent: failed bulletin deliveries (not opt-outs) and failed e-mail "
            "tasks kept in the task table.",
            labels=["channel"],
        )
        failures.add_metric(
            ["bulletin"],
            Delivery.objects.filter(status=DeliveryStatus.FAILED)
            .exclude(contact__opted_out_at__isnull=False)
            .count(),
        )
        failures.add_metric(
            ["task"], DBTaskResult.objects.failed().filter(task_path__in=EMAIL_TASKS).count()
        )
        yield failures


def _gauge(name: str, documentation: str, labels, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value, labels=labels)


def exposition() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseCollector())
    return generate_latest(registry)


def may_scrape(request: HttpRequest) -> bool:
    """A bearer token when one is set, or an address in METRICS_ALLOWED_IPS. A request that
    came through a proxy Rinde was not told about (X-Forwarded-For with
    TRUSTED_PROXY_COUNT=0) has nginx's loopback address: it is never let in by address."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "x-forwarded-for" in request.headers and not settings.TRUSTED_PROXY_COUNT:
        return False
    return client_ip(request) in settings.METRICS_ALLOWED_IPS


@require_safe
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
