"""Personal data typed into the forum is never published (issue 14, item 7), and names
cannot reorder the page (issue 14, bidi)."""

import pytest
from django.test import Client

from rinde.consultations.models import Comment
from rinde.consultations.tests.test_forum import URL, WRITE, forum, post  # noqa: F401

pytestmark = pytest.mark.django_db

RLO = "\u202e"
TYPED = (
    "Llámenme al 300 123 4567 o a ana.p@gmail.com; mi C.C. es 1.036.123.456 y el NIT de "
    "mi negocio NIT: 900123456-7."
)
SHOWN = (
    "Llámenme al [teléfono oculto] o a [correo oculto]; mi [documento oculto] y el NIT de "
    "mi negocio [documento oculto]."
)


def test_the_forum_publishes_comments_and_names_with_personal_data_hidden(
    forum,  # noqa: F811
    staff_client,
    communications_user,
):
    top = Comment.objects.create(
        forum=forum, body=TYPED, author_name="Ana cc 43123456", author_key="k"
    )
    Comment.objects.create(forum=forum, parent=top, body=TYPED, author_key="k")
    pages = [
        URL,
        f"{WRITE}?responder={top.pk}&pagina=1",
        f"{URL}comentarios/{top.pk}/reportar/",
    ]
    for path in pages:
        html = Client().get(path).text
        assert SHOWN in html, path
        assert "Ana [documento oculto]" in html, path
        for personal in ("300 123 4567", "ana.p@gmail", "1.036.123.456", "900123456", "43123456"):
            assert personal not in html, (path, personal)
    # Moderators see what was typed.
    html = staff_client(communications_user).get("/panel/foro/").text
    assert "1.036.123.456" in html and "Ana cc 43123456" in html


def test_a_name_typed_with_a_right_to_left_override_is_stored_and_shown_without_it(
    client,
    forum,  # noqa: F811
):
    assert post(client, name=f"Ana{RLO}odraciR", body=f"Buen {RLO}emrofni").status_code == 303
    comment = Comment.objects.get()
    assert (comment.author_name, comment.body) == ("AnaodraciR", "Buen emrofni")
    # One stored before the fix is shown without it, and every name is isolated.
    Comment.objects.filter(pk=comment.pk).update(author_name=f"Ana{RLO}odraciR")
    html = Client().get(URL).text
    assert RLO not in html
    assert "<strong><bdi>AnaodraciR</bdi></strong>" in html
