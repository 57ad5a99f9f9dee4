"""Queuing a notification's deliveries for the worker again: the follow-up of a batch and
housekeeping's sweep for deliveries a given-up task left waiting (core.delivery)."""

from rinde.core import delivery
from rinde.subscriptions import outbox, tasks


def queue_follow_up(notification_id: int) -> None:
    delivery.queue_follow_up(outbox.OUTBOX, notification_id, tasks.send_notification)


def requeue_stranded() -> int:
    """Queue sending again for each notification with deliveries waiting but no task of its
    own waiting or running. Run by `housekeeping`; returns the notifications."""
    return delivery.requeue_stranded(outbox.OUTBOX, tasks.send_notification)
