import io
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from rinde.core import formatting
from rinde.core.tests import hostile
from rinde.outreach import bulletins, outbox
from rinde.outreach.models import Bulletin, Delivery, DeliveryStatus, MediaContact, MediaList

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulletin(entity):
    return Bulletin.objects.create(
        title="Audiencia el 15 de diciembre",
        slug="audiencia-2023",
        lead="La Alcaldía rinde cuentas.",
        body="<p>Invitamos a la ciudadanía.</p>",
    )


@pytest.fixture
def contacts(db):
    return [
        MediaContact.objects.create(
            outlet=f"Emisora {i}", scope="local", medium="radio", email=f"prensa{i}@medio.example"
        )
        for i in range(5)
    ]


@pytest.fixture
def everyone(contacts):
    media_list = MediaList.objects.create(name="Todos")
    media_list.contacts.set(contacts)
    return media_list


def test_sending_twice_reaches_each_contact_once(
    bulletin, contacts, everyone, communications_user, django_capture_on_commit_callbacks
):
    bulletins.publish(bulletin, actor=communications_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert bulletins.queue_sending(bulletin, lists=[everyone], actor=communications_user) == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert bulletins.queue_sending(bulletin, lists=[everyone], actor=communications_user) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in contacts)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def time_passes(**delta) -> None:
    """Move every scheduled retry into the past, as the clock would."""
    Delivery.objects.filter(next_attempt_at__isnull=False).update(
        next_attempt_at=F("next_attempt_at") - timedelta(**delta)
    )


def test_an_smtp_failure_mid_batch_is_retried_later_by_itself(
    bulletin,
    contacts,
    everyone,
    communications_user,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] in (2, 4):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if calls["n"] == 3:
            raise TimeoutError("timed out")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    bulletins.publish(bulletin, actor=communications_user)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        bulletins.queue_sending(bulletin, lists=[everyone], actor=communications_user)
    waiting = Delivery.objects.filter(status=DeliveryStatus.QUEUED)
    assert waiting.count() == 3
    assert {d.error.split(":")[0] for d in waiting} == {"SMTPServerDisconnected", "TimeoutError"}
    for delivery in waiting:  # the first retry, a minute later
        assert delivery.attempts == 1
        assert before + timedelta(minutes=1) <= delivery.next_attempt_at
        assert delivery.next_attempt_at <= timezone.now() + timedelta(minutes=1)
    assert outbox.send_queued(bulletin.pk) == {  # not due yet: nothing is tried
        "sent": 0,
        "retrying": 0,
        "failed": 0,
        "unconfirmed": 0,
    }
    time_passes(minutes=1)
    assert outbox.send_queued(bulletin.pk)["sent"] == 3  # no button pressed
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox) == 5


def test_a_delivery_left_sending_by_a_killed_worker_becomes_unconfirmed_never_resent(
    bulletin, contacts, communications_user
):
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    # Run "run-1" marked one sending (the message was being handed over), then died.
    claimed = Delivery.objects.order_by("pk").first()
    Delivery.objects.filter(pk=claimed.pk).update(
        status=DeliveryStatus.SENDING, claimed_by="run-1", attempts=1
    )
    # Another run's sending row is not this task's business.
    other = Delivery.objects.order_by("pk")[1]
    Delivery.objects.filter(pk=other.pk).update(status=DeliveryStatus.SENDING, claimed_by="run-2")
    # The same task, queued again by core.task_recovery: its second run.
    result = outbox.send_batch(bulletin.pk, run_id="run-1", attempt=2)
    assert result["sent"] == 3
    assert claimed.contact.email not in [m.to[0] for m in mail.outbox]
    claimed.refresh_from_db()
    assert claimed.status == DeliveryStatus.UNCONFIRMED
    assert "puede haber llegado" in claimed.error
    assert Delivery.objects.get(pk=other.pk).status == DeliveryStatus.SENDING


def test_a_worker_killed_before_handing_the_message_over_leaves_it_queued(
    bulletin, contacts, communications_user, smtp_mailer, monkeypatch
):
    from rinde.core import mail_retry

    sink = smtp_mailer()
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    begin = mail_retry.begin
    calls = {"n": 0}

    def killed_on_the_third(mailer, message):
        calls["n"] += 1
        envelope = begin(mailer, message)
        if calls["n"] == 3:
            raise SystemExit("killed")  # as SIGKILL: nothing after this line runs
        return envelope

    monkeypatch.setattr(mail_retry, "begin", killed_on_the_third)
    with pytest.raises(SystemExit):
        outbox.send_queued(bulletin.pk)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2
    assert Delivery.objects.filter(status=DeliveryStatus.QUEUED).count() == 3  # none in the air
    monkeypatch.setattr(mail_retry, "begin", begin)
    assert outbox.send_queued(bulletin.pk)["sent"] == 3
    assert sink.count("medio.example") == (5, 5)  # each exactly once


def test_unsubscribing_needs_a_click_and_stops_future_sends(
    client, bulletin, contacts, everyone, communications_user, django_capture_on_commit_callbacks
):
    contact = contacts[0]
    url = f"/boletines/baja/{outbox.unsubscribe_token(contact)}/"
    client.get(url)
    contact.refresh_from_db()
    assert contact.opted_out_at is None  # a mail scanner opening the link changes nothing
    client.post(url)
    contact.refresh_from_db()
    assert contact.opted_out_at is not None
    bulletins.publish(bulletin, actor=communications_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert bulletins.queue_sending(bulletin, lists=[everyone], actor=communications_user) == 4
    assert contact.email not in [m.to[0] for m in mail.outbox]
    assert client.get("/boletines/baja/falso/").status_code == 404


def test_published_bulletins_are_listed_with_a_feed_and_no_contact_data(
    client, bulletin, contacts, communications_user
):
    assert client.get("/boletines/audiencia-2023/").status_code == 404  # not yet published
    bulletins.publish(bulletin, actor=communications_user)
    html = client.get("/boletines/").text
    assert "Audiencia el 15 de diciembre" in html and "medio.example" not in html
    feed = client.get("/boletines/feed/")
    assert b"audiencia-2023" in feed.content and feed["Content-Type"].startswith(
        "application/rss+xml"
    )


def test_staff_compose_with_sanitized_html_and_images_need_alt_text(
    staff_client, communications_user, entity
):
    client = staff_client(communications_user)
    png = SimpleUploadedFile("foto.png", hostile.sound_png(), "image/png")
    data = {
        "title": "Boletín",
        "slug": "boletin",
        "lead": "Entradilla",
        "body": "<p>Texto</p><script>x()</script>",
        "image": png,
        "image_alt": "",
    }
    response = client.post("/panel/difusion/boletines/nuevo/", data)
    assert response.status_code == 400
    assert "Describa la imagen" in response.text
    data["image"] = SimpleUploadedFile("foto.png", hostile.sound_png(), "image/png")
    data["image_alt"] = "El alcalde en la audiencia"
    assert client.post("/panel/difusion/boletines/nuevo/", data).status_code == 302
    assert Bulletin.objects.get().body == "<p>Texto</p>"
    response = client.post(
        f"/panel/difusion/boletines/{Bulletin.objects.get().pk}/enviar/", follow=True
    )
    assert "Publique el boletín antes de enviarlo" in response.text


@pytest.fixture
def smtp_mailer(settings):
    """Django's real SMTP backend talking to a local sink; yields the sink."""
    from rinde.outreach.tests.smtp_sink import SmtpSink

    sinks = []

    def start(**options):
        sink = SmtpSink(**options).start()
        sinks.append(sink)
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
            }
        }
        return sink

    yield start
    for sink in sinks:
        sink.stop()


def test_a_bulletin_goes_over_one_smtp_connection_and_a_dropped_one_is_reopened(
    bulletin, contacts, everyone, communications_user, smtp_mailer
):
    # The server hangs up after reading the whole 2nd message, before saying it took it:
    # it may have kept it, so that one is unconfirmed, not sent again.
    sink = smtp_mailer(drop_after={2})
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    assert outbox.send_queued(bulletin.pk) == {
        "sent": 4,
        "retrying": 0,
        "failed": 0,
        "unconfirmed": 1,
    }
    assert sink.connections == 2  # one for the run, one more after the hang-up
    unconfirmed = Delivery.objects.get(status=DeliveryStatus.UNCONFIRMED)
    assert unconfirmed.error.startswith("SMTPServerDisconnected")
    assert sink.count("medio.example") == (4, 4)
    assert outbox.send_queued(bulletin.pk)["sent"] == 0


def test_a_refusing_server_is_retried_after_1_5_and_25_minutes_then_failed_with_the_reason(
    bulletin, contacts, everyone, communications_user, smtp_mailer, client
):
    sink = smtp_mailer(greeting=b"554 5.7.1 Servicio no disponible\r\n")
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    for attempt, wait in enumerate((1, 5, 25), start=1):
        start = timezone.now()
        result = outbox.send_queued(bulletin.pk)
        assert result["retrying"] == 1  # one probe of the server, not one per contact
        assert sink.connections == attempt
        for delivery in Delivery.objects.all():
            assert delivery.status == DeliveryStatus.QUEUED
            assert delivery.attempts == attempt
            assert delivery.error == "SMTPConnectError: 554 5.7.1 Servicio no disponible"
            assert start + timedelta(minutes=wait) <= delivery.next_attempt_at
            assert delivery.next_attempt_at <= timezone.now() + timedelta(minutes=wait)
        time_passes(minutes=wait)
    assert outbox.send_queued(bulletin.pk)["failed"] == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}
    assert sink.count("medio.example") == (0, 0)


def test_a_silent_server_times_out_and_the_staff_page_says_when_it_is_retried(
    bulletin, contacts, everyone, communications_user, smtp_mailer, staff_client, settings
):
    smtp_mailer(silent=True)
    settings.MAILERS["default"]["OPTIONS"]["timeout"] = 0.5
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    started = time.monotonic()
    assert outbox.send_queued(bulletin.pk)["retrying"] == 1
    assert time.monotonic() - started < 3  # one timeout, not one per contact
    delivery = Delivery.objects.first()
    assert delivery.error.endswith("timed out")
    page = staff_client(communications_user).get(f"/panel/difusion/boletines/{bulletin.pk}/")
    assert page.status_code == 200
    assert "Reintento a las" in page.text
    assert "1 intento fallido" in page.text
    assert "Reintentar los fallidos" not in page.text  # queued ones need no button
    assert formatting.time_of_day(delivery.next_attempt_at) in page.text


def test_an_address_refused_fails_at_once_and_the_others_go(
    bulletin, contacts, everyone, communications_user, smtp_mailer, staff_client
):
    sink = smtp_mailer(refuse={"prensa2@medio.example"})
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    result = outbox.send_queued(bulletin.pk)
    assert (result["sent"], result["failed"]) == (4, 1)
    refused = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert refused.contact.email == "prensa2@medio.example"
    assert refused.error.startswith("SMTPRecipientsRefused: 550")
    assert sink.count("medio.example") == (4, 4)
    page = staff_client(communications_user).get(f"/panel/difusion/boletines/{bulletin.pk}/")
    assert "Reintentar los fallidos" in page.text  # failed for good: staff may try again
    assert "SMTPRecipientsRefused: 550" in page.text


def test_the_task_queues_itself_for_the_next_retry_time(bulletin, contacts, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    later = timezone.now() + timedelta(minutes=5)
    Delivery.objects.update(next_attempt_at=later)
    Delivery.objects.filter(pk=Delivery.objects.first().pk).update(
        next_attempt_at=later - timedelta(minutes=4)
    )
    bulletins.queue_follow_up(bulletin.pk)
    task = DBTaskResult.objects.get()
    assert task.run_after == later - timedelta(minutes=4)
    assert task.args_kwargs["args"] == [bulletin.pk]


def test_sending_runs_in_batches_each_over_its_own_connection(
    bulletin,
    contacts,
    everyone,
    communications_user,
    smtp_mailer,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    sink = smtp_mailer()
    monkeypatch.setattr(outbox, "BATCH_SIZE", 2)
    bulletins.publish(bulletin, actor=communications_user)
    # Tests run tasks at once: each batch enqueues the next until none is queued.
    with django_capture_on_commit_callbacks(execute=True):
        bulletins.queue_sending(bulletin, lists=[everyone], actor=communications_user)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5
    assert sink.count("medio.example") == (5, 5)
    assert sink.connections == 3


def test_a_delivery_another_worker_took_during_the_envelope_is_left_to_it(
    bulletin, contacts, communications_user, smtp_mailer, monkeypatch
):
    from rinde.core import mail_retry

    sink = smtp_mailer()
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    first = Delivery.objects.order_by("pk").first()
    begin = mail_retry.begin
    calls = {"n": 0}

    def raced(mailer, message):
        envelope = begin(mailer, message)
        calls["n"] += 1
        if calls["n"] == 1:  # another worker claims the same row meanwhile
            Delivery.objects.filter(pk=first.pk).update(
                status=DeliveryStatus.SENDING, claimed_by="other-run"
            )
        return envelope

    monkeypatch.setattr(mail_retry, "begin", raced)
    assert outbox.send_queued(bulletin.pk)["sent"] == 4
    first.refresh_from_db()
    assert (first.status, first.claimed_by, first.attempts) == ("sending", "other-run", 0)
    assert first.contact.email not in sink.received  # the abandoned envelope sent nothing
    assert sink.count("medio.example") == (4, 4)


def test_the_bulletin_list_counts_each_final_status_and_the_pending_ones(
    bulletin, contacts, communications_user, staff_client
):
    statuses = ["sent", "sent", "failed", "unconfirmed", "queued"]
    Delivery.objects.bulk_create(
        Delivery(bulletin=bulletin, contact=c, status=s)
        for c, s in zip(contacts, statuses, strict=True)
    )
    page = staff_client(communications_user).get("/panel/difusion/boletines/")
    assert '<th scope="col">Sin confirmar</th>' in page.text
    assert "<td>2</td><td>1</td><td>1</td><td>1</td></tr>" in page.text


def test_deliveries_stranded_by_a_given_up_task_are_queued_again_by_housekeeping(
    bulletin, contacts, settings
):
    """After a worker died three times under one task, the task was given up and its queued
    deliveries had nothing left to send them."""
    from django.core.management import call_command
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "bulletins with stranded deliveries queued again: 1" in out.getvalue()
    task = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert task.args_kwargs["args"] == [bulletin.pk]
    # A bulletin whose task still waits is left alone: no second task.
    assert bulletins.requeue_stranded() == 0
    assert DBTaskResult.objects.count() == 1
