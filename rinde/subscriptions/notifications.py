"""Queuing news for subscribers.

The publish services call one of the `*_published` functions inside their transaction; it
only arranges, after the commit, a worker task (tasks.notify, which runs
subscriptions.news): the notification and its deliveries are written by the worker, never
inside the staff member's request, and nothing is queued for a publication that rolled
back. A notification's key is unique, so a task run twice (or a cut approved again)
queues nobody twice."""

from functools import partial

from django.db import transaction

from rinde.subscriptions import tasks


def _after_commit(kind: str, pk: int) -> None:
    transaction.on_commit(partial(tasks.notify.enqueue, kind, pk), robust=True)


def bulletin_published(bulletin) -> None:
    _after_commit("bulletin", bulletin.pk)


def cut_published(report) -> None:
    """A plan cut approved (published): news for each project it reports on."""
    _after_commit("cut", report.pk)


def answer_published(answer) -> None:
    _after_commit("answer", answer.pk)


def comment_answered(comment) -> None:
    """A department's public answer to a citizen's comment on a project: news for the
    project's followers."""
    _after_commit("comment_answer", comment.pk)
