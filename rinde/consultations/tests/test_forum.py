import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rinde.consultations.models import Comment, CommentStatus, Forum
from rinde.core.antispam import sign_start
from rinde.core.models import AuditEntry
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db
URL = "/rendicion/2023/foro/"
WRITE = URL + "comentar/"


@pytest.fixture
def forum(entity):
    now = timezone.now()
    return Forum.objects.create(
        exercise=make_exercise(),
        question="¿Qué opina del informe?",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
    )


def post(client, path=WRITE, **data):
    return client.post(
        path,
        {
            "body": "Me parece un buen informe.",
            "website": "",
            "started": sign_start(time.time() - 30),
            **data,
        },
    )


def from_address(ip):
    return Client(REMOTE_ADDR=ip)


def report(client, comment, reason="spam", **data):
    """A reader's report through its form, with a fresh start token unless one is given."""
    return client.post(
        f"{URL}comentarios/{comment.pk}/reportar/",
        {"reason": reason, "website": "", "started": sign_start(time.time() - 30), **data},
    )


def test_a_citizen_comments_anonymously_and_replies_one_level_deep(client, forum):
    assert post(client).status_code == 303
    top = Comment.objects.get()
    assert top.display_name == "Anónimo" and top.author_email == ""
    assert post(client, parent=top.pk, body="Estoy de acuerdo.").status_code == 303
    reply = Comment.objects.get(parent=top)
    response = post(client, parent=reply.pk, body="Respuesta a una respuesta.")
    assert response.status_code == 400
    assert "Solo se responde a un comentario principal." in response.text
    assert "Respuesta a una respuesta." in response.text  # what was typed stays


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>alert(1)</script>", "sin etiquetas HTML"),
        ("x" * 10_000, "el máximo es 3000"),
        ("", "Escriba su comentario."),
    ],
)
def test_bad_comments_are_refused(client, forum, body, message):
    response = post(client, body=body)
    assert response.status_code == 400
    assert message in response.text
    assert Comment.objects.count() == 0


def test_an_official_reply_carries_the_badge(staff_client, communications_user, client, forum):
    post(client)
    top = Comment.objects.get()
    post(staff_client(communications_user), parent=top.pk, body="Gracias, lo revisaremos.")
    official = Comment.objects.get(parent=top)
    assert official.official == communications_user
    assert "Respuesta oficial" in Client().get(URL).text
    assert AuditEntry.objects.filter(action="forum.official_reply").exists()


@pytest.mark.parametrize(
    ("role", "badged"),
    [
        ("admin_user", True),
        ("communications_user", True),
        ("planning_user", True),
        ("oversight_user", False),  # the veeduría oversees the entity; it is not its voice
        ("officer_user", False),
        ("ict_user", False),
    ],
)
def test_only_roles_that_speak_for_the_entity_post_official_replies(
    request, staff_client, client, forum, role, badged
):
    post(client)
    top = Comment.objects.get()
    user = request.getfixturevalue(role)
    response = post(staff_client(user), parent=top.pk, body="Así lo vemos nosotros.", name="Ana")
    assert response.status_code == 303
    reply = Comment.objects.get(parent=top)
    assert (reply.official_id == user.pk) is badged
    assert ("Respuesta oficial" in Client().get(URL).text) is badged
    assert AuditEntry.objects.filter(action="forum.official_reply").exists() is badged


def test_staff_who_do_not_speak_for_the_entity_cannot_post_in_a_closed_forum(
    staff_client, oversight_user, planning_user, forum
):
    forum.closes_at = timezone.now() - timedelta(hours=1)
    forum.save()
    response = post(staff_client(oversight_user))
    assert response.status_code == 400
    assert "El foro está cerrado." in response.text
    assert Comment.objects.count() == 0
    assert post(staff_client(planning_user)).status_code == 303


def test_reports_count_once_per_person_and_hide_after_the_threshold(forum, settings):
    settings.FORUM_AUTO_HIDE_FLAGS = 2
    post(from_address("10.0.0.1"))
    comment = Comment.objects.get()
    report(from_address("10.0.0.2"), comment)
    report(from_address("10.0.0.2"), comment)
    comment.refresh_from_db()
    assert comment.flag_count == 1 and comment.status == CommentStatus.VISIBLE
    report(from_address("10.0.0.3"), comment, "offensive")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.AUTO_HIDDEN
    assert "Me parece un buen informe." not in Client().get(URL).text


def test_a_moderator_hides_with_a_reason_the_author_sees_then_restores(
    staff_client, communications_user, client, forum
):
    post(client)
    comment = Comment.objects.get()
    moderator = staff_client(communications_user)
    moderator.post(
        f"/panel/foro/comentarios/{comment.pk}/moderar/", {"action": "hide", "reason": ""}
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE  # a reason is required
    moderator.post(
        f"/panel/foro/comentarios/{comment.pk}/moderar/",
        {"action": "hide", "reason": "Datos personales de un tercero"},
    )
    html = Client().get(URL).text
    assert "Datos personales de un tercero" in html and "Me parece un buen informe." not in html
    moderator.post(
        f"/panel/foro/comentarios/{comment.pk}/moderar/", {"action": "restore", "reason": ""}
    )
    assert "Me parece un buen informe." in Client().get(URL).text
    assert AuditEntry.objects.filter(action__in=["forum.hide", "forum.restore"]).count() == 2


def test_a_blocked_author_cannot_comment_again_and_hidden_comments_take_no_replies(
    staff_client, communications_user, forum
):
    author = from_address("10.9.9.9")
    post(author)
    comment = Comment.objects.get()
    staff_client(communications_user).post(
        f"/panel/foro/comentarios/{comment.pk}/moderar/",
        {"action": "block", "reason": "Insultos repetidos"},
    )
    response = post(author, body="Otro comentario más.")
    assert "bloqueó los mensajes" in response.text
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)
    response = post(from_address("10.1.1.1"), parent=comment.pk, body="Respondo al oculto.")
    assert "está oculto" in response.text


def test_a_closed_forum_takes_no_comments_and_then_gets_its_summary(
    staff_client, communications_user, client, forum
):
    moderator = staff_client(communications_user)
    moderator.post(f"/panel/foro/{forum.pk}/resumen/", {"summary": "Muy temprano"})
    forum.refresh_from_db()
    assert forum.summary_published_at is None
    Forum.objects.filter(pk=forum.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    response = post(Client())  # a citizen (the staff client may still answer officially)
    assert response.status_code == 400
    assert "El foro está cerrado." in response.text
    assert Comment.objects.count() == 0
    moderator.post(
        f"/panel/foro/{forum.pk}/resumen/", {"summary": "Los temas fueron vías y parques."}
    )
    assert "Los temas fueron vías y parques." in Client().get(URL).text


def test_a_forum_page_has_the_same_query_count_with_10_or_300_comments(
    client, forum, django_assert_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # count the rendering, not the cache

    def add(n):
        Comment.objects.bulk_create(
            Comment(forum=forum, body=f"Comentario {i}", author_key="k") for i in range(n)
        )
        Comment.objects.bulk_create(
            Comment(forum=forum, parent=c, body="Respuesta", author_key="k")
            for c in Comment.objects.filter(forum=forum, parent=None)[:n]
        )

    add(10)
    client.get(URL)
    with django_assert_num_queries(100, exact=False) as small:
        client.get(URL)
    add(290)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(URL + "?pagina=2")
    assert len(response.context["page"].object_list) == 20


def test_moderation_needs_the_communications_role(staff_client, planning_user, client, forum):
    assert client.get("/panel/foro/").status_code == 302
    assert staff_client(planning_user).get("/panel/foro/").status_code == 403


def test_forum_comments_export_without_personal_data(staff_client, communications_user, forum):
    import io

    from openpyxl import load_workbook

    post(Client(), name="Ana", email="ana@secreto.org", authorized="on")
    client = staff_client(communications_user)
    body = b"".join(client.get(f"/panel/foro/{forum.pk}/comentarios.csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert "Me parece un buen informe." in body and "ana@secreto.org" not in body
    response = client.get(f"/panel/foro/{forum.pk}/comentarios.xlsx")
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][0] == "comentario" and rows[1][7] == "Me parece un buen informe."


def test_the_thread_holds_no_form_and_is_served_from_the_page_cache(
    client, forum, django_assert_num_queries
):
    post(from_address("10.0.0.1"))
    first = Client().get(URL)
    assert "csrfmiddlewaretoken" not in first.text and "csrftoken" not in first.cookies
    assert f'href="{WRITE}"' in first.text
    with django_assert_num_queries(0):
        again = Client().get(URL)
    assert again.content == first.content


def test_a_reply_page_shows_the_comment_answered_and_keeps_the_text_on_error(client, forum):
    post(client)
    top = Comment.objects.get()
    page = client.get(f"{WRITE}?responder={top.pk}&pagina=1")
    assert "Comentario que responde" in page.text and "Me parece un buen informe." in page.text
    assert f'name="parent" value="{top.pk}"' in page.text
    response = post(client, parent=top.pk, body="<b>hola</b> vecinos")
    assert response.status_code == 400
    assert (
        "sin etiquetas HTML" in response.text and "&lt;b&gt;hola&lt;/b&gt; vecinos" in response.text
    )
    assert post(client, parent=top.pk, body="Estoy de acuerdo.")["Location"].endswith(
        f"?pagina=1#c{top.pk}"
    )
    # Only a page number goes back into the redirect, whatever the address carried.
    bogus = post(client, path=f"{WRITE}?pagina=2%0d%0aX-Evil:1", parent=top.pk, body="Otra más.")
    assert bogus.status_code == 303 and bogus["Location"].endswith(f"?pagina=1#c{top.pk}")


def test_reporting_has_its_own_page_that_asks_why(client, forum, communications_user):
    post(client)
    comment = Comment.objects.get()
    path = f"{URL}comentarios/{comment.pk}/reportar/"
    page = client.get(path)
    assert page.status_code == 200 and "Me parece un buen informe." in page.text
    assert '<label for="id_reason">' in page.text
    assert 'name="website"' in page.text and 'name="started"' in page.text
    refused = report(client, comment, "")
    assert refused.status_code == 400 and "Elija el motivo del reporte." in refused.text
    assert comment.flags.count() == 0
    assert report(client, comment).status_code == 303
    assert comment.flags.count() == 1
    official = Comment.objects.create(
        forum=forum, parent=comment, body="Gracias.", author_key="k", official=communications_user
    )
    assert client.get(f"{URL}comentarios/{official.pk}/reportar/").status_code == 404


def test_a_comment_hidden_by_reports_leaves_the_cached_thread_at_once(forum, settings):
    settings.FORUM_AUTO_HIDE_FLAGS = 1
    post(from_address("10.0.0.1"), name="Ana Pérez")
    comment = Comment.objects.get()
    assert "Me parece un buen informe." in Client().get(URL).text  # now cached
    report(from_address("10.0.0.2"), comment)
    page = Client().get(URL).text
    assert "Me parece un buen informe." not in page
    # Nor its author's name: the comment is down, its writer is not pointed at.
    assert "Ana Pérez" not in page and "Comentario oculto." in page


def test_a_comment_typed_as_a_formula_is_exported_as_text(staff_client, communications_user, forum):
    import csv
    import io

    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://evil","clic")'
    post(Client(), name="-Ana", body=formula)
    client = staff_client(communications_user)
    body = b"".join(client.get(f"/panel/foro/{forum.pk}/comentarios.csv").streaming_content)
    row = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1]
    assert (row[3], row[6], row[7]) == ("'-Ana", "0", "'" + formula)
    response = client.get(f"/panel/foro/{forum.pk}/comentarios.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert (sheet["H2"].value, sheet["H2"].data_type) == (formula, "s")
    assert sheet["D2"].value == "-Ana"


def test_a_replayed_comment_post_is_refused_and_keeps_the_text(client, forum):
    started = sign_start(time.time() - 30)
    assert post(client, started=started).status_code == 303
    replay = post(from_address("10.9.9.9"), started=started, body="Otra vez el mismo envío")
    assert replay.status_code == 400
    assert "Este formulario ya se había enviado" in replay.text
    assert "Otra vez el mismo envío" in replay.text
    assert Comment.objects.count() == 1
