from django.tasks import task

from rinde.core import delivery, mail_retry
from rinde.subscriptions import emails, news, outbox
from rinde.subscriptions.models import Subscription


@task
def notify(kind: str, pk: int) -> int:
    """Something was published: write its notifications and their deliveries, then send
    each notification's batch in its own task. Returns how many notifications were new."""
    created = news.build(kind, pk)
    for notification in created:
        send_notification.enqueue(notification.pk)
    return len(created)


@task(takes_context=True)
def send_notification(context, notification_id: int) -> dict:
    # The result's id and run number: a second run is this task after its worker died.
    result = outbox.send_batch(
        notification_id, run_id=str(context.task_result.id), attempt=context.attempt
    )
    delivery.queue_follow_up(outbox.OUTBOX, notification_id, send_notification)
    return result


@task
def send_confirmation(subscription_id: int, failures: int = 0) -> None:
    """The double opt-in e-mail. A mail server refusing or silent: tried again later
    (core.mail_retry.BACKOFF)."""
    subscription = Subscription.objects.filter(
        pk=subscription_id, confirmed_at__isnull=True
    ).first()
    if subscription is None:  # confirmed, purged or erased meanwhile
        return
    try:
        emails.send_confirmation(subscription)
    except mail_retry.RETRYABLE as error:
        if not mail_retry.retry_later(
            send_confirmation, subscription_id, failures=failures, error=error
        ):
            raise
