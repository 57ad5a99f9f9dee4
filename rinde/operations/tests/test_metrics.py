import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from rinde.core import heartbeat, metrics
from rinde.outreach.models import Bulletin, Delivery, DeliveryStatus, MediaContact
from rinde.questions.tests.factories import make_exercise, make_question

pytestmark = pytest.mark.django_db


def samples(response) -> dict:
    """{(name, frozenset(labels)): value} of a scrape."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.content.decode())
        for s in family.samples
    }


def test_metrics_answer_loopback(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert "rinde_task_queue_depth" in response.text


def test_metrics_are_refused_from_an_address_not_allowed(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 404
    assert "rinde_" not in response.text


def test_metrics_are_refused_through_a_proxy_rinde_was_not_told_about(client):
    # nginx on loopback without TRUSTED_PROXY_COUNT: REMOTE_ADDR is 127.0.0.1 for everyone.
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 404


def test_behind_a_trusted_proxy_the_clients_address_decides(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.METRICS_ALLOWED_IPS = ["10.0.0.5"]
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics", headers={"X-Forwarded-For": "10.0.0.5"}).status_code == 200


def test_a_bearer_token_opens_metrics_from_anywhere_and_a_wrong_one_does_not(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    far = {"REMOTE_ADDR": "203.0.113.9"}
    ok = client.get(
        "/metrics", headers={"Authorization": "Bearer s3cret-token-for-prometheus"}, **far
    )
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"}, **far)
    assert ok.status_code == 200
    assert wrong.status_code == 404


def test_metrics_refuse_post(client):
    assert client.post("/metrics").status_code == 405


def test_request_latency_is_labelled_by_url_name_never_by_path(client, entity):
    exercise = make_exercise()
    question = make_question(exercise)
    client.get("/privacidad/")
    client.get(f"/rendicion/2023/preguntas/{question.tracking_code}/")
    client.get("/no-existe/")
    scrape = client.get("/metrics")
    found = samples(scrape)
    count = "rinde_http_request_duration_seconds_count"
    privacy = frozenset({"view": "portal:privacy", "method": "GET", "status": "2xx"}.items())
    unresolved = frozenset({"view": "unresolved", "method": "GET", "status": "4xx"}.items())
    assert found[(count, privacy)] >= 1
    assert found[(count, unresolved)] >= 1
    bucket_300 = privacy | {("le", "0.3")}
    assert ("rinde_http_request_duration_seconds_bucket", bucket_300) in found
    assert "/privacidad/" not in scrape.text
    assert question.tracking_code not in scrape.text


def test_an_odd_method_does_not_make_a_new_series():
    metrics.observe_request("portal:home", "BREW", 405, 0.01)
    metrics.observe_request("portal:home", "BREW2", 405, 0.01)
    labels = {m.labels.get("method") for f in metrics.REQUEST_LATENCY.collect() for m in f.samples}
    assert "BREW" not in labels
    assert "other" in labels


def test_the_queue_overdue_questions_and_email_failures_are_counted(client, entity):
    heartbeat.beat("w-1")
    exercise = make_exercise()
    make_question(exercise)  # received 2023-12-15: long overdue by now
    bulletin = Bulletin.objects.create(title="B", slug="b", lead="L", body="<p>T</p>")
    contacts = [
        MediaContact.objects.create(
            outlet=f"M{i}", scope="local", medium="radio", email=f"m{i}@medio.example"
        )
        for i in range(3)
    ]
    contacts[2].opted_out_at = timezone.now()
    contacts[2].save()
    for contact in contacts:
        Delivery.objects.create(bulletin=bulletin, contact=contact, status=DeliveryStatus.FAILED)
    for path in ("rinde.questions.tasks.send_question_received", "rinde.plan.tasks.apply_import"):
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path=path,
            backend_name="default",
            run_after=get_date_max(),
            status=TaskResultStatus.FAILED,
        )
    found = samples(client.get("/metrics"))
    assert found[("rinde_questions_overdue", frozenset())] == 1
    # The opted-out contact's "failure" is a refusal to send, not a failed e-mail.
    assert found[("rinde_email_failures", frozenset({("channel", "bulletin")}))] == 2
    # Of the failed tasks, only the one that sends e-mail.
    assert found[("rinde_email_failures", frozenset({("channel", "task")}))] == 1
    assert found[("rinde_task_queue_depth", frozenset())] == 0
    assert found[("rinde_task_queue_oldest_age_seconds", frozenset())] == 0
    assert 0 <= found[("rinde_worker_last_seen_seconds", frozenset())] < 5


def test_a_metrics_failure_never_fails_the_request(client, entity, monkeypatch):
    def broken(**labels):
        raise OSError("No space left on device")

    monkeypatch.setattr(metrics.REQUEST_LATENCY, "labels", broken)
    monkeypatch.setattr(metrics, "_observe_failed", False)
    assert client.get("/privacidad/").status_code == 200
    assert client.get("/privacidad/").status_code == 200
    assert metrics._observe_failed is True
