"""E-mail subscriptions: double opt-in, expiry, one-click unsubscribe, exactly once, sent by
the worker (tests run tasks at once: mail.outbox is what the worker sent)."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone

from rinde.core.privacy import SUBSCRIPTION_AUTHORIZATION_VERSION
from rinde.subscriptions import links, news, services, tasks
from rinde.subscriptions.models import Delivery, DeliveryStatus, Subscription
from rinde.subscriptions.tests.helpers import (
    confirm,
    form_data,
    link_in,
    publish_bulletin,
    sent_to,
    subscribe,
)

pytestmark = pytest.mark.django_db

ANA = "ana@example.org"


def test_nothing_is_sent_before_the_address_is_confirmed(client, entity, communications_user):
    response = subscribe(client, "/suscripciones/boletines/", ANA)
    assert response.status_code == 303
    assert response["Location"] == "/suscripciones/revise-su-correo/"
    subscription = Subscription.objects.get(email=ANA)
    assert subscription.confirmed_at is None
    assert subscription.authorization_version == SUBSCRIPTION_AUTHORIZATION_VERSION
    assert subscription.authorized_at is not None
    [confirmation] = sent_to(ANA)
    assert "/suscripciones/confirmar/" in confirmation.body

    publish_bulletin(communications_user, "primero")
    assert len(sent_to(ANA)) == 1  # the confirmation only

    path = link_in(confirmation, "/confirmar/")
    # Opening the link (as a mail scanner does) only asks.
    page = client.get(path)
    assert page.status_code == 200
    assert "Sí, confirmar mi suscripción" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    assert client.post(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active

    publish_bulletin(communications_user, "segundo")
    [_confirmation, news] = sent_to(ANA)
    assert news.subject == "Boletín segundo"
    assert "/boletines/segundo/" in news.body


def test_the_authorization_is_required(client, entity):
    response = client.post("/suscripciones/boletines/", form_data(ANA, data_authorized=""))
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_a_confirmation_link_expires_and_the_pending_address_is_purged(
    client, entity, time_machine
):
    time_machine.move_to(timezone.now())
    subscribe(client, "/suscripciones/boletines/", ANA)
    path = link_in(sent_to(ANA)[0], "/confirmar/")
    time_machine.shift(timedelta(days=links.CONFIRM_DAYS, minutes=1))
    response = client.post(path)
    assert response.status_code == 404
    assert "venció" in response.content.decode()
    assert Subscription.objects.get(email=ANA).confirmed_at is None
    assert services.purge_unconfirmed() == 1
    assert not Subscription.objects.exists()


def test_a_tampered_or_superseded_link_confirms_nothing(client, entity, time_machine):
    time_machine.move_to(timezone.now())
    subscribe(client, "/suscripciones/boletines/", ANA)
    first = link_in(sent_to(ANA)[0], "/confirmar/")
    assert client.post(first[:-3] + "xx/").status_code == 404
    time_machine.shift(services.RESEND_AFTER + timedelta(minutes=1))
    subscribe(client, "/suscripciones/boletines/", ANA)
    assert len(sent_to(ANA)) == 2
    assert client.post(first).status_code == 404  # a newer link replaced it
    assert client.post(link_in(sent_to(ANA)[1], "/confirmar/")).status_code == 200
    assert Subscription.objects.get(email=ANA).is_active


def test_asking_again_soon_sends_no_second_confirmation(client, entity):
    subscribe(client, "/suscripciones/boletines/", ANA)
    subscribe(client, "/suscripciones/boletines/", ANA)
    assert len(sent_to(ANA)) == 1
    assert Subscription.objects.count() == 1


def test_one_click_unsubscribe_from_the_list_unsubscribe_post(client, entity, communications_user):
    subscribe(client, "/suscripciones/boletines/", ANA)
    confirm(client, ANA)
    publish_bulletin(communications_user, "uno")
    news = sent_to(ANA)[-1]
    header = news.extra_headers["List-Unsubscribe"]
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.startswith("<http") and header.endswith(">")
    path = "/" + header[1:-1].split("/", 3)[3]
    assert link_in(news, "/baja/") == path  # the same link is in the message's text

    # The link opened asks, with a button; nothing changes.
    page = client.get(path)
    assert "Sí, darme de baja" in page.content.decode()
    assert Subscription.objects.get(email=ANA).unsubscribed_at is None

    # The mail program's POST (RFC 8058): no session, no CSRF token, no login.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "se dio de baja" in response.content.decode()
    assert Subscription.objects.get(email=ANA).unsubscribed_at is not None

    publish_bulletin(communications_user, "dos")
    assert len(sent_to(ANA)) == 2  # the confirmation and "uno" only


def test_an_invalid_unsubscribe_link_is_a_404(client, entity):
    assert client.post("/suscripciones/baja/nada/").status_code == 404


def test_each_subscriber_gets_each_item_exactly_once(client, entity, communications_user):
    for address in (ANA, "luis@example.org"):
        subscribe(client, "/suscripciones/boletines/", address)
        confirm(client, address)
    bulletin = publish_bulletin(communications_user, "una-vez")
    # The worker runs the same news again (a retried task, a second publish).
    tasks.notify.enqueue("bulletin", bulletin.pk)
    with TestCase.captureOnCommitCallbacks(execute=True):
        from rinde.outreach import bulletins

        bulletins.publish(bulletin, actor=communications_user)
    news = [m for m in mail.outbox if m.subject == "Boletín una-vez"]
    assert sorted(m.to[0] for m in news) == [ANA, "luis@example.org"]
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2


def test_the_worker_sends_after_the_commit_never_in_the_request(
    client, entity, communications_user
):
    from rinde.outreach import bulletins
    from rinde.outreach.models import Bulletin

    subscribe(client, "/suscripciones/boletines/", ANA)
    confirm(client, ANA)
    before = len(mail.outbox)
    bulletin = Bulletin.objects.create(title="Pendiente", slug="pendiente", lead="L", body="B")
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        bulletins.publish(bulletin, actor=communications_user)
    assert len(mail.outbox) == before  # nothing inside the publishing transaction
    assert not Delivery.objects.exists()
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox[before:]] == ["Pendiente"]


def test_a_failed_send_is_retried_by_the_backoff(client, entity, communications_user, time_machine):
    time_machine.move_to(timezone.now())
    subscribe(client, "/suscripciones/boletines/", ANA)
    confirm(client, ANA)
    before = len(mail.outbox)
    refused = smtplib.SMTPServerDisconnected("silent server")
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages") as send:
        send.side_effect = refused
        publish_bulletin(communications_user, "reintento")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is not None
    assert len(mail.outbox) == before
    # Not due yet: nothing sent.
    tasks.send_notification.enqueue(delivery.notification_id)
    assert len(mail.outbox) == before
    time_machine.shift(timedelta(minutes=2))
    tasks.send_notification.enqueue(delivery.notification_id)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert [m.subject for m in mail.outbox[before:]] == ["Boletín reintento"]


def test_unsubscribing_cancels_what_was_still_waiting(client, entity, communications_user):
    subscribe(client, "/suscripciones/boletines/", ANA)
    confirm(client, ANA)
    from rinde.outreach.models import Bulletin

    bulletin = Bulletin.objects.create(title="En cola", slug="en-cola", lead="L", body="B")
    bulletin.published_at = timezone.now()
    bulletin.save()
    news.build("bulletin", bulletin.pk)  # queued, the worker not there yet
    services.unsubscribe(Subscription.objects.get(email=ANA))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.CANCELLED
    tasks.send_notification.enqueue(delivery.notification_id)
    assert [m.subject for m in sent_to(ANA)][1:] == []


def test_the_holders_rights_helpers(client, entity):
    subscribe(client, "/suscripciones/boletines/", ANA)
    confirm(client, ANA)
    subscribe(client, "/suscripciones/boletines/", "otra@example.org")
    assert [s.email for s in services.subscriptions_for("Ana@Example.org")] == [ANA]
    assert services.anonymize_subscriptions(ANA) >= 1
    assert not services.subscriptions_for(ANA).exists()
    assert Subscription.objects.filter(email="otra@example.org").exists()


def test_housekeeping_purges_expired_pending_and_requeues_stranded_deliveries(
    client, entity, settings, time_machine
):
    import io

    from django.core.management import call_command
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from rinde.outreach.models import Bulletin

    time_machine.move_to(timezone.now())
    subscribe(client, "/suscripciones/boletines/", ANA)
    confirm(client, ANA)
    subscribe(client, "/suscripciones/boletines/", "nunca@example.org")
    bulletin = Bulletin.objects.create(
        title="Varado", slug="varado", lead="L", body="B", published_at=timezone.now()
    )
    news.build("bulletin", bulletin.pk)  # its sending task was given up
    time_machine.shift(timedelta(days=links.CONFIRM_DAYS, minutes=1))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "unconfirmed e-mail subscriptions purged: 1" in out.getvalue()
    assert "notifications with stranded deliveries queued again: 1" in out.getvalue()
    assert list(Subscription.objects.values_list("email", flat=True)) == [ANA]
    task = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert task.args_kwargs["args"] == [Delivery.objects.get().notification_id]
    # A notification whose task still waits is left alone: no second task.
    from rinde.subscriptions.sending import requeue_stranded

    assert requeue_stranded() == 0
