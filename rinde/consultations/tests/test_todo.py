"""Forum moderation in the staff to-do list: communications sees what waits for a decision."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rinde.consultations import todo
from rinde.consultations.models import Comment, CommentStatus, Forum
from rinde.entity import scoping
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db
TODAY = date(2024, 1, 10)


@pytest.fixture
def forum(entity):
    now = timezone.now()
    return Forum.objects.create(
        exercise=make_exercise(),
        question="¿Qué opina del informe?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )


def _comments(forum, n, **fields):
    for i in range(n):
        Comment.objects.create(forum=forum, body=f"Comentario {i}", author_key="k", **fields)


def test_communications_sees_hidden_and_reported_comments(
    forum, communications_user, planning_user, officer_user
):
    _comments(forum, 2, status=CommentStatus.AUTO_HIDDEN, flag_count=3)
    _comments(forum, 1, flag_count=1)
    _comments(forum, 4)  # nobody reported them
    _comments(forum, 1, status=CommentStatus.HIDDEN, flag_count=2)  # already decided
    items = todo.pending_for(communications_user, TODAY)
    assert [(i.what, i.count, i.url) for i in items] == [
        ("Revisar 2 comentarios ocultos por reportes", 2, "/panel/foro/"),
        ("Moderar 1 comentario reportado", 1, "/panel/foro/"),
    ]
    assert todo.pending_for(planning_user, TODAY) == []
    assert todo.pending_for(officer_user, TODAY) == []


def test_nothing_to_moderate_is_no_item(forum, communications_user):
    _comments(forum, 3)
    assert todo.pending_for(communications_user, TODAY) == []


def test_one_query_however_many_comments(forum, communications_user):
    _comments(forum, 1, flag_count=1)
    with scoping.activate(forum.exercise.entity):
        todo.pending_for(communications_user, TODAY)  # the role, read once per request
    # Measured as the panel runs it: inside its request's entity.
    with scoping.activate(forum.exercise.entity), CaptureQueriesContext(connection) as few:
        todo.pending_for(communications_user, TODAY)
    _comments(forum, 20, status=CommentStatus.AUTO_HIDDEN, flag_count=3)
    _comments(forum, 20, flag_count=1)
    with scoping.activate(forum.exercise.entity), CaptureQueriesContext(connection) as many:
        todo.pending_for(communications_user, TODAY)
    assert len(many) == len(few) == 1
