import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core.tests import hostile
from rinde.outreach import bulletins
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


def test_an_smtp_failure_mid_batch_is_recorded_and_retried(
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
    with django_capture_on_commit_callbacks(execute=True):
        bulletins.queue_sending(bulletin, lists=[everyone], actor=communications_user)
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED)
    assert failed.count() == 3
    assert {d.error.split(":")[0] for d in failed} == {"SMTPServerDisconnected", "TimeoutError"}
    with django_capture_on_commit_callbacks(execute=True):
        assert bulletins.retry_failed(bulletin, actor=communications_user) == 3
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox) == 5


def test_a_delivery_left_sending_by_a_killed_worker_is_not_sent_again(
    bulletin, contacts, communications_user
):
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    claimed = bulletins._claim(bulletin.pk)  # the worker claims one, then dies before sending
    assert claimed.status == DeliveryStatus.SENDING
    result = bulletins.send_queued(bulletin.pk)  # a new worker picks up the rest
    assert result == {"sent": 4, "failed": 0}
    assert claimed.contact.email not in [m.to[0] for m in mail.outbox]
    assert Delivery.objects.get(pk=claimed.pk).status == DeliveryStatus.SENDING


def test_unsubscribing_needs_a_click_and_stops_future_sends(
    client, bulletin, contacts, everyone, communications_user, django_capture_on_commit_callbacks
):
    contact = contacts[0]
    url = f"/boletines/baja/{bulletins.unsubscribe_token(contact)}/"
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
    sink = smtp_mailer(drop_after={2})  # the server hangs up while taking the 2nd message
    bulletins.publish(bulletin, actor=communications_user)
    Delivery.objects.bulk_create(Delivery(bulletin=bulletin, contact=c) for c in contacts)
    assert bulletins.send_queued(bulletin.pk) == {"sent": 4, "failed": 1}
    assert sink.connections == 2  # one for the run, one more after the hang-up
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.error.startswith("SMTPServerDisconnected")
    assert sink.count("medio.example") == (4, 4)
    Delivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.QUEUED)
    assert bulletins.send_queued(bulletin.pk) == {"sent": 1, "failed": 0}
    assert sink.count("medio.example") == (5, 5)


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
    monkeypatch.setattr(bulletins, "BATCH_SIZE", 2)
    bulletins.publish(bulletin, actor=communications_user)
    # Tests run tasks at once: each batch enqueues the next until none is queued.
    with django_capture_on_commit_callbacks(execute=True):
        bulletins.queue_sending(bulletin, lists=[everyone], actor=communications_user)
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 5
    assert sink.count("medio.example") == (5, 5)
    assert sink.connections == 3
