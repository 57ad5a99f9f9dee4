"""In a browser, phone and desktop: the moderation page's way back (hidden comments,
blocked authors) and its confirmation pages, axe-clean, nothing wider than the screen."""

import os
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rinde.accounts.tests.factories import login_verified
from rinde.consultations.models import BlockedAuthor, Comment, CommentStatus, Forum
from rinde.core.tests.browser import axe_violations
from rinde.exercises.tests.factories import make_exercise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name, width):
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_moderators_restore_block_and_unblock_in_a_browser(
    live_server, browser, entity, communications_user, size
):
    now = timezone.now()
    forum = Forum.objects.create(
        exercise=make_exercise(),
        question="¿Qué opina del informe?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )
    hidden = Comment.objects.create(
        forum=forum,
        body="Un comentario con datos de un tercero.",
        author_key="a",
        author_name="Ana",
        status=CommentStatus.HIDDEN,
        moderation_reason="Datos personales de un tercero",
    )
    for body in ("Primer mensaje ofensivo.", "Segundo mensaje ofensivo."):
        Comment.objects.create(forum=forum, body=body, author_key="b", author_name="Beto")
    client = Client()
    login_verified(client, communications_user)
    context = browser.new_context(locale="es-CO", viewport={"width": size[0], "height": size[1]})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    def check(name):
        assert axe_violations(page) == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0], name
        shot(page, name, size[0])

    page.goto(live_server.url + "/panel/foro/")
    page.get_by_role("link", name="Ocultos", exact=True).click()
    check("moderacion-ocultos")
    page.get_by_role("link", name="Restaurar…").click()
    check("moderacion-restaurar")
    page.get_by_role("button", name="Sí, restaurar").click()
    assert "Comentario restaurado" in page.content()
    hidden.refresh_from_db()
    assert hidden.status == CommentStatus.VISIBLE

    page.goto(live_server.url + "/panel/foro/")
    page.get_by_role("link", name="Bloquear al autor…").nth(1).click()
    check("moderacion-bloquear")
    page.get_by_label("Motivo del bloqueo").fill("Insultos repetidos")
    page.get_by_label("Ocultar también sus 2 comentarios", exact=False).check()
    page.get_by_role("button", name="Sí, bloquear").click()
    assert BlockedAuthor.objects.filter(author_key="b").exists()
    assert Comment.objects.filter(author_key="b", status=CommentStatus.HIDDEN).count() == 2
    check("moderacion-bloqueados")
    page.get_by_role("link", name="Desbloquear…").click()
    check("moderacion-desbloquear")
    page.get_by_role("button", name="Sí, desbloquear").click()
    assert not BlockedAuthor.objects.exists()
    context.close()
