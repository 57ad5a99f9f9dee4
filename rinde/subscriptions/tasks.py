from django.db.models import Model
from django.tasks import task

from rinde.core import delivery, mail_retry
from rinde.entity import work
from rinde.fieldwork.models import FieldComment
from rinde.outreach.models import Bulletin
from rinde.plan.models import ProgressReport
from rinde.questions.models import Answer
from rinde.subscriptions import emails, news, outbox
from rinde.subscriptions.models import Notification, Subscription

# What each kind of news is and the path from it to its entity (news.build's kinds).
NEWS_ENTITY: dict[str, tuple[type[Model], str]] = {
    "bulletin": (Bulletin, "entity"),
    "cut": (ProgressReport, "plan__entity"),
    "answer": (Answer, "question__entity"),
    "comment_answer": (FieldComment, "project__plan__entity"),
}


@task
def notify(kind: str, pk: int) -> int:
    """Something was published: write its notifications and their deliveries, then send
    each notification's batch in its own task. Returns how many notifications were new."""
    model, via = NEWS_ENTITY[kind]
    entity = work.entity_of(model, pk, via)
    if entity is None:  # withdrawn or erased before the worker got to it
        return 0
    with work.working_for(entity):
        created = news.build(kind, pk)
    for notification in created:
        send_notification.enqueue(notification.pk)
    return len(created)


@task(takes_context=True)
@work.in_entity_of(Notification, "notification_id", missing={})
def send_notification(context, notification_id: int) -> dict:
    # The result's id and run number: a second run is this task after its worker died.
    result = outbox.send_batch(
        notification_id, run_id=str(context.task_result.id), attempt=context.attempt
    )
    delivery.queue_follow_up(outbox.OUTBOX, notification_id, send_notification)
    return result


@task
@work.in_entity_of(Subscription, "subscription_id")
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
