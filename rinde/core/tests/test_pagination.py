from datetime import timedelta

import pytest
from django.utils import timezone

from rinde.consultations.models import Comment, Forum
from rinde.core.pagination import page_number
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db

# "²" is a digit to str.isdigit() and not to int(); the long one is past int()'s limit.
HOSTILE = ["²", "٣", "9" * 5000, "-1", "0", "1e3", "", "%00", "999999999999999999999"]


@pytest.mark.parametrize(
    ("raw", "number"),
    [("3", 3), (" 2 ", 2), ("²", 1), ("٣", 1), ("9" * 5000, 1), ("0", 1), ("-4", 1), (None, 1)],
)
def test_a_page_number_is_read_or_falls_back_to_the_first_page(raw, number):
    assert page_number(raw) == number


@pytest.fixture
def forum(entity):
    now = timezone.now()
    forum = Forum.objects.create(
        exercise=make_exercise(),
        question="¿Qué opina del informe?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    Comment.objects.create(forum=forum, body="Un comentario", author_key="k")
    return forum


@pytest.mark.parametrize("raw", HOSTILE)
def test_no_typed_page_number_breaks_a_paginated_page(client, forum, raw):
    comment = Comment.objects.get()
    pages = [
        "/rendicion/2023/foro/",
        "/rendicion/2023/foro/comentar/",
        f"/rendicion/2023/foro/comentar/?responder={comment.pk}&",
        f"/rendicion/2023/foro/comentarios/{comment.pk}/reportar/",
        "/rendicion/2023/preguntas/",
        "/rendicion/2023/archivo/",
        "/rendicion/",
        "/boletines/",
    ]
    for path in pages:
        joiner = "&" if "?" in path else "?"
        response = client.get(f"{path}{joiner}pagina={raw}")
        assert response.status_code in (200, 404), path
    back = client.get(f"/rendicion/2023/foro/comentar/?pagina={raw}")
    assert 'href="/rendicion/2023/foro/?pagina=1"' in back.text


@pytest.mark.parametrize("raw", HOSTILE)
def test_no_typed_year_breaks_the_outreach_staff_pages(staff_client, communications_user, raw):
    make_exercise()
    client = staff_client(communications_user)
    assert client.get("/panel/difusion/", {"ejercicio": raw}).status_code == 200
    assert client.get("/panel/difusion/archivo/", {"ejercicio": raw}).status_code in (200, 404)
    assert client.post("/panel/difusion/archivo/zip/", {"ejercicio": raw}).status_code == 404
