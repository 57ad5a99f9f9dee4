"""The forum takes "<" and ">" as text and refuses markup; the way back from a report goes
to the thread page the reader came from."""

import re

import pytest
from django.test import Client

from rinde.consultations.models import Comment
from rinde.consultations.tests.test_forum import URL, forum, post  # noqa: F401

pytestmark = pytest.mark.django_db


def test_less_than_and_greater_than_are_text_and_shown_escaped(client, forum):  # noqa: F811
    body = "La cobertura fue <60% en 2022 y >80% en 2023; a<b no es HTML."
    assert post(client, body=body).status_code == 303
    assert Comment.objects.get().body == body
    html = Client().get(URL).text
    assert "La cobertura fue &lt;60% en 2022 y &gt;80% en 2023; a&lt;b no es HTML." in html


@pytest.mark.parametrize(
    "body",
    [
        "Vean <b>esto</b> por favor",
        'Un <img src="x" onerror="alert(1)"> escondido',
        "Un <marquee>anuncio</marquee> largo",
        "Un comentario <!-- oculto --> aquí",
    ],
)
def test_markup_is_still_refused(client, forum, body):  # noqa: F811
    response = post(client, body=body)
    assert response.status_code == 400 and "sin etiquetas HTML" in response.text
    assert Comment.objects.count() == 0


def test_back_to_the_forum_from_a_report_returns_to_the_page_it_came_from(client, forum):  # noqa: F811
    post(client)
    comment = Comment.objects.get()
    page = client.get(f"{URL}comentarios/{comment.pk}/reportar/?pagina=3")
    back = re.search(r'<a href="([^"]+)">← Volver al foro', page.text).group(1)
    assert back == f"{URL}?pagina=3#c{comment.pk}"
