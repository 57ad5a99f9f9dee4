"""Prometheus metrics at /metrics: request latency by view (counted in core.metrics), the
task queue, overdue questions and e-mail failures.

Everything but request latency is read from the database at scrape time (a few counts on
indexed columns), so it is the same whichever process, or host, answers. /metrics is the
host's, not an entity's: the counts are over every entity (`across_entities()`). Under gunicorn's
several processes the latency comes from PROMETHEUS_MULTIPROC_DIR (core.metrics).
"""

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from rinde.core import heartbeat
from rinde.core.http import client_ip
from rinde.core.metrics import REQUEST_LATENCY
from rinde.outreach.models import Delivery, DeliveryStatus
from rinde.questions.models import Question

# The tasks that send e-mail: a failed result of one is a message not sent. Bulletins
# record each contact's delivery on its own (outreach.Delivery), counted separately.
EMAIL_TASKS = (
    "rinde.questions.tasks.send_question_received",
    "rinde.questions.tasks.send_question_digests",
    "rinde.consultations.tasks.send_survey_confirmation",
    "rinde.exercises.tasks.send_registration_confirmation",
    "rinde.exercises.tasks.send_event_reminders",
)


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
            # Host-level: every entity's, on purpose (a scrape has no entity).
            Question.objects.overdue(timezone.localdate()).across_entities().count(),
        )
        failures = GaugeMetricFamily(
            "rinde_email_failures",
            "E-mails not sent: failed bulletin deliveries (not opt-outs) and failed e-mail "
            "tasks kept in the task table.",
            labels=["channel"],
        )
        failures.add_metric(
            ["bulletin"],
            Delivery.objects.across_entities()
            .filter(status=DeliveryStatus.FAILED)
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
