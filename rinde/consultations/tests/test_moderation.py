"""The moderation page's way back: hidden comments restored, blocked authors listed and
unblocked, and a block that may hide the author's earlier comments; each through a
confirmation page, audited, and seen at once on the public thread."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rinde.consultations.models import BlockedAuthor, Comment, CommentStatus, Forum
from rinde.consultations.tests.test_forum import URL, from_address, post
from rinde.core.models import AuditEntry
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db
PANEL = "/panel/foro/"


@pytest.fixture
def forum(entity):
    now = timezone.now()
    return Forum.objects.create(
        exercise=make_exercise(),
        question="¿Qué opina del informe?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )


def hide(moderator, comment, reason="Datos de un tercero"):
    return moderator.post(
        f"{PANEL}comentarios/{comment.pk}/moderar/", {"action": "hide", "reason": reason}
    )


def test_a_hidden_comment_is_listed_and_restored_after_confirming(
    staff_client,
    communications_user,
    client,
    forum,
):
    post(client, body="Comentario que se ocultará.")
    comment = Comment.objects.get()
    moderator = staff_client(communications_user)
    hide(moderator, comment)
    # Past the 50 "recent" comments, the hidden one is still in its own list.
    Comment.objects.bulk_create(
        Comment(forum=forum, body=f"Otro {n}", author_key="k") for n in range(60)
    )
    assert "Comentario que se ocultará." not in moderator.get(PANEL).text
    listed = moderator.get(PANEL + "?ver=ocultos").text
    assert "Comentario que se ocultará." in listed
    assert f"comentarios/{comment.pk}/restaurar/" in listed
    # The link shows a confirmation; nothing changes until the POST.
    page = moderator.get(f"{PANEL}comentarios/{comment.pk}/restaurar/")
    assert page.status_code == 200 and "Datos de un tercero" in page.text
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert "Comentario que se ocultará." not in Client().get(URL).text
    response = moderator.post(f"{PANEL}comentarios/{comment.pk}/restaurar/")
    assert response.status_code == 303 and response.url.endswith("?ver=ocultos")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE and comment.moderation_reason == ""
    assert "Comentario que se ocultará." in Client().get(URL).text  # cache refreshed
    assert AuditEntry.objects.filter(action="forum.restore", target_id=str(comment.pk)).exists()


def test_blocking_offers_to_hide_the_authors_earlier_comments(
    staff_client,
    communications_user,
    forum,
):
    author, other = from_address("10.9.9.9"), from_address("10.1.1.1")
    for body in ("Primero del autor.", "Segundo del autor.", "Tercero del autor."):
        post(author, body=body)
    post(other, body="De otra persona.")
    moderator = staff_client(communications_user)
    target = Comment.objects.get(body="Tercero del autor.")
    page = moderator.get(f"{PANEL}comentarios/{target.pk}/bloquear/")
    assert page.status_code == 200
    assert 'name="hide_earlier"' in page.text and "sus 3 comentarios" in page.text
    assert not BlockedAuthor.objects.exists()
    refused = moderator.post(f"{PANEL}comentarios/{target.pk}/bloquear/", {"hide_earlier": "1"})
    assert refused.status_code == 400 and not BlockedAuthor.objects.exists()
    response = moderator.post(
        f"{PANEL}comentarios/{target.pk}/bloquear/",
        {"reason": "Insultos repetidos", "hide_earlier": "1"},
    )
    assert response.status_code == 303
    assert BlockedAuthor.objects.filter(forum=forum, author_key=target.author_key).exists()
    hidden = Comment.objects.filter(status=CommentStatus.HIDDEN)
    assert sorted(hidden.values_list("body", flat=True)) == [
        "Primero del autor.",
        "Segundo del autor.",
        "Tercero del autor.",
    ]
    assert set(hidden.values_list("moderation_reason", flat=True)) == {"Insultos repetidos"}
    public = Client().get(URL).text
    assert "Primero del autor." not in public and "De otra persona." in public
    assert AuditEntry.objects.filter(action="forum.block").count() == 1
    assert AuditEntry.objects.filter(action="forum.hide").count() == 3


def test_blocking_without_the_box_leaves_earlier_comments_up(
    staff_client,
    communications_user,
    forum,
):
    author = from_address("10.9.9.9")
    post(author, body="Primero del autor.")
    comment = Comment.objects.get()
    staff_client(communications_user).post(
        f"{PANEL}comentarios/{comment.pk}/bloquear/", {"reason": "Spam"}
    )
    assert BlockedAuthor.objects.count() == 1
    assert Comment.objects.get().status == CommentStatus.VISIBLE


def test_blocked_authors_are_listed_and_unblocked_after_confirming(
    staff_client,
    communications_user,
    forum,
):
    author = from_address("10.9.9.9")
    post(author, body="Comentario del autor bloqueado.")
    comment = Comment.objects.get()
    moderator = staff_client(communications_user)
    moderator.post(f"{PANEL}comentarios/{comment.pk}/bloquear/", {"reason": "Insultos"})
    blocked = BlockedAuthor.objects.get()
    listed = moderator.get(PANEL + "?ver=bloqueados")
    assert "Insultos" in listed.text and "Comentario del autor bloqueado." in listed.text
    assert f"bloqueos/{blocked.pk}/desbloquear/" in listed.text
    assert "bloqueó los mensajes" in post(author, body="Intento de nuevo.").text
    assert moderator.get(f"{PANEL}bloqueos/{blocked.pk}/desbloquear/").status_code == 200
    assert BlockedAuthor.objects.exists()
    response = moderator.post(f"{PANEL}bloqueos/{blocked.pk}/desbloquear/")
    assert response.status_code == 303 and not BlockedAuthor.objects.exists()
    assert post(author, body="Ya puedo comentar otra vez.").status_code == 303
    entry = AuditEntry.objects.get(action="forum.unblock")
    assert entry.changes["reason"] == ["Insultos", ""]


def test_the_moderation_tabs_cost_the_same_queries_with_1_or_30_items(
    staff_client,
    communications_user,
    forum,
    django_assert_max_num_queries,
):
    moderator = staff_client(communications_user)

    def make(n, start):
        for i in range(start, start + n):
            c = Comment.objects.create(
                forum=forum, body=f"c{i}", author_key=f"k{i}", status=CommentStatus.HIDDEN
            )
            BlockedAuthor.objects.create(forum=forum, author_key=c.author_key, reason="r")

    make(1, 0)
    counts = {}
    for tab in ("ocultos", "bloqueados"):
        with CaptureQueriesContext(connection) as ctx:
            assert moderator.get(f"{PANEL}?ver={tab}").status_code == 200
        counts[tab] = len(ctx)
    make(29, 1)
    for tab, n in counts.items():
        with django_assert_max_num_queries(n):
            assert moderator.get(f"{PANEL}?ver={tab}").status_code == 200


@pytest.mark.parametrize(
    "path", ["comentarios/{c}/restaurar/", "comentarios/{c}/bloquear/", "bloqueos/{b}/desbloquear/"]
)
def test_the_way_back_needs_the_communications_role(
    staff_client,
    planning_user,
    forum,
    path,
):
    c = Comment.objects.create(forum=forum, body="x", author_key="k", status="hidden")
    b = BlockedAuthor.objects.create(forum=forum, author_key="k", reason="r")
    url = PANEL + path.format(c=c.pk, b=b.pk)
    assert staff_client(planning_user).post(url, {"reason": "x"}).status_code == 403
    assert Comment.objects.get().status == "hidden" and BlockedAuthor.objects.exists()
