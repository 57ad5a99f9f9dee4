"""The search index is derived data, like a cache: signals keep it current whatever path
changes an item (a service, the panel, Django admin, the demo), without a call in each.

Changes are gathered during the transaction and indexed once after it commits: a rolled-back
change is never indexed, a demo load of thousands of rows syncs in a few batched queries,
and a request's own query count does not grow (the sync runs after its transaction)."""

import threading
from collections import defaultdict

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from rinde.consultations.models import Forum
from rinde.core.public_cache import refresh_public_pages
from rinde.exercises.models import Document, Exercise
from rinde.improvements.models import ImprovementAction
from rinde.outreach.models import Bulletin
from rinde.plan.models import Indicator, Plan, ProgressReport, Project, ReportState
from rinde.questions.models import Answer, Question
from rinde.search import indexing
from rinde.search.models import Kind

_pending = threading.local()
PUBLISHED_REPORT_STATES = (ReportState.APPROVED, ReportState.SUPERSEDED)


def _queue() -> dict:
    if not hasattr(_pending, "items"):
        _pending.items = defaultdict(set)
    return _pending.items


def schedule(scope: str | Kind, pk: int | None) -> None:
    """Index `scope` ("exercise", "plan" or a Kind) item `pk` once the transaction commits."""
    if pk is None:
        return
    _queue()[scope].add(pk)
    # Once per transaction: a rolled-back transaction drops our callback, and the next
    # change registers it again (what stayed queued is synced then, harmlessly).
    if not any(func is flush for _, func, _ in connection.run_on_commit):
        transaction.on_commit(flush)


def flush() -> None:
    queued, _pending.items = _queue(), defaultdict(set)
    if not queued:
        return
    for scope, ids in queued.items():
        if scope == "exercise":
            for pk in ids:
                indexing.index_exercise(pk)
        elif scope == "plan":
            for pk in ids:
                indexing.index_plan(pk)
        else:
            indexing.index_objects(Kind(scope), ids)
    # The cached /buscar/ pages: the publishing service's own bump ran at its commit, maybe
    # before this sync, and a search in between would keep the old hits cached.
    refresh_public_pages()


def _on_item(kind: Kind):
    def handler(sender, instance, **kwargs):
        schedule(kind, instance.pk)

    return handler


def _on_question(sender, instance, created=False, **kwargs):
    # A new question waits for its first change or the hourly sweep
    # (indexing.index_new_questions): the citizen's post stays two INSERTs.
    if not created:
        schedule(Kind.QUESTION, instance.pk)


def _on_answer(sender, instance, **kwargs):
    schedule(Kind.QUESTION, instance.question_id)


def _on_forum(sender, instance, **kwargs):
    # Only the exercise's latest forum is public: a new one hides the one before.
    schedule("exercise", instance.exercise_id)


def _on_exercise(sender, instance, **kwargs):
    schedule("exercise", instance.pk)


def _on_plan(sender, instance, **kwargs):
    schedule("plan", instance.pk)


def _on_report(sender, instance, **kwargs):
    # A plan's items become public with its first published cut; drafts change nothing.
    if instance.state in PUBLISHED_REPORT_STATES or kwargs.get("signal") is post_delete:
        schedule("plan", instance.plan_id)


ITEM_MODELS = {
    Project: Kind.PROJECT,
    Indicator: Kind.GOAL,
    Document: Kind.DOCUMENT,
    Bulletin: Kind.BULLETIN,
    ImprovementAction: Kind.IMPROVEMENT,
}
# Kept here: signals hold weak references by default.
_HANDLERS = {model: _on_item(kind) for model, kind in ITEM_MODELS.items()}


def connect() -> None:
    for model, handler in _HANDLERS.items():
        post_save.connect(handler, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    for model, handler in (
        (Question, _on_question),
        (Answer, _on_answer),
        (Forum, _on_forum),
        (Exercise, _on_exercise),
        (Plan, _on_plan),
        (ProgressReport, _on_report),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"search-del-{model.__name__}")
