import io
import time

import pytest
from django.test import Client, TestCase
from PIL import Image

from rinde.consultations.models import CommentStatus
from rinde.core.antispam import sign_start
from rinde.core.tests import hostile
from rinde.fieldwork.models import AUTHORIZATION_VERSION, FieldComment
from rinde.fieldwork.tests.factories import make_comment, make_project, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(entity, department):
    return make_project(department)


def post(client, project, files=None, **data):
    payload = {
        "body": "La obra del parque sigue detenida desde marzo.",
        "photo_alt": "",
        "name": "",
        "email": "",
        "website": "",
        "started": sign_start(time.time() - 30),
        **data,
    }
    if files:
        payload.update(files)
    return client.post(url(project, "comentar/"), payload)


def from_address(ip):
    return Client(REMOTE_ADDR=ip)


def test_a_citizen_comments_with_a_photo_and_gets_a_tracking_code(client, project):
    response = post(
        client,
        project,
        files={"photo": hostile.upload("IMG_0001.jpg", hostile.jpeg_with_gps())},
        photo_alt="Obra detenida frente al parque",
        name="Luz M.",
        email="luz@correo.example",
        authorized="on",
    )
    assert response.status_code == 303
    comment = FieldComment.objects.get()
    assert response["Location"] == f"/plan/comentarios-ciudadanos/{comment.tracking_code}/"
    assert comment.tracking_code.startswith("CP")
    assert comment.author_email == "luz@correo.example"
    assert comment.data_authorized_at is not None
    assert comment.authorization_version == AUTHORIZATION_VERSION
    # Re-encoded under a generated name: no EXIF, no GPS, no camera's name.
    assert comment.photo.name.startswith(f"e/{comment.project.plan.entity_id}/fieldwork/")
    assert "IMG_0001" not in comment.photo.name
    assert comment.photo_name == "IMG_0001.jpg"
    data = comment.photo.read()
    assert b"Artista Secreto" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert comment.tracking_code in page.text
    assert "luz@correo.example" not in page.text
    listing = client.get(url(project))
    assert "La obra del parque sigue detenida" in listing.text
    assert (
        comment.photo.url in listing.text and 'alt="Obra detenida frente al parque"' in listing.text
    )


def test_without_authorization_no_email_is_kept(client, project):
    response = post(client, project, email="ana@correo.example")
    assert response.status_code == 400
    assert "necesitamos su autorización" in response.text
    assert not FieldComment.objects.exists()
    assert post(client, project).status_code == 303
    assert FieldComment.objects.get().author_email == ""


def test_contacts_typed_into_a_comment_are_masked_on_public_pages(
    client, project, staff_client, communications_user
):
    comment = make_comment(
        project,
        body="Llámenme al 300 123 4567 o escriban a pedro@correo.example, C.C. 43.123.456.",
        name="pedro@correo.example",
    )
    for path in (url(project), f"/plan/comentarios-ciudadanos/{comment.tracking_code}/"):
        html = client.get(path).text
        assert "300 123 4567" not in html and "pedro@correo.example" not in html, path
        assert "43.123.456" not in html, path
        assert "[teléfono oculto]" in html and "[correo oculto]" in html, path
    staff = staff_client(communications_user).get("/panel/proyectos/comentarios/?ver=todos")
    assert "300 123 4567" in staff.text  # staff see the original


@pytest.mark.parametrize("key", sorted(hostile.HOSTILE))
def test_a_hostile_file_is_refused_in_spanish_and_the_text_is_kept(client, project, key):
    body = f"Texto que escribí con cuidado sobre la obra ({key})."
    response = post(
        client,
        project,
        files={"photo": hostile.hostile_upload(key)},
        photo_alt="Foto de la obra",
        body=body,
    )
    assert response.status_code == 400
    assert not FieldComment.objects.exists()
    assert body in response.text  # what the person typed is still in the form
    assert "Revise el formulario" in response.text
    form = response.context["form"]
    assert form.errors["photo"]
    assert any(w in form.errors["photo"][0] for w in ("archivo", "imagen", "foto", "PNG", "JPEG"))


def test_a_photo_needs_its_description(client, project):
    response = post(client, project, files={"photo": hostile.upload("a.png", hostile.sound_png())})
    assert response.status_code == 400
    assert "qué muestra la foto" in response.text


def test_a_photo_too_large_is_refused_with_its_size(client, project, settings):
    from rinde.fieldwork import forms

    field = forms.FieldCommentForm.base_fields["photo"]
    limit, field.max_bytes = field.max_bytes, 1000
    try:
        response = post(
            client,
            project,
            files={"photo": hostile.upload("a.png", hostile.noise("PNG"))},
            photo_alt="Ruido",
        )
    finally:
        field.max_bytes = limit
    assert response.status_code == 400
    assert not FieldComment.objects.exists()


def test_the_honeypot_and_a_replayed_token_are_refused(client, project):
    assert post(client, project, website="http://spam.example").status_code == 400
    started = sign_start(time.time() - 30)
    assert post(client, project, started=started).status_code == 303
    replay = post(
        from_address("10.9.9.9"), project, started=started, body="El mismo envío otra vez"
    )
    assert replay.status_code == 400
    assert FieldComment.objects.count() == 1


def test_posts_are_rate_limited(client, project, monkeypatch):
    from rinde.fieldwork import views

    monkeypatch.setattr(views, "COMMENT_LIMIT", 2)
    assert post(client, project).status_code == 303
    assert post(client, project).status_code == 303
    refused = post(client, project, body="Un tercer comentario muy seguido")
    assert refused.status_code == 400
    assert "Un tercer comentario muy seguido" in refused.text
    assert FieldComment.objects.count() == 2


def test_every_public_page_answers_head(client, project):
    comment = make_comment(project)
    for path in (
        url(project),
        url(project, "comentar/"),
        url(project, f"{comment.pk}/reportar/"),
        f"/plan/comentarios-ciudadanos/{comment.tracking_code}/",
    ):
        assert client.head(path).status_code == 200, path


def test_a_project_of_another_plan_or_an_unknown_code_is_a_404(client, project):
    assert (
        client.get(f"/plan/{project.plan.slug}/proyecto/no-existe/comentarios/").status_code == 404
    )
    assert client.get("/plan/comentarios-ciudadanos/CP2026-XXXXXX/").status_code == 404


QUERIES = 4


def test_the_comments_page_has_a_constant_query_count(
    client, project, django_assert_num_queries, officer_user
):
    from rinde.fieldwork import services

    def add(n):
        for i in range(n):
            c = make_comment(
                project,
                body=f"Comentario número {i} sobre el avance de la obra.",
                photo=None,
            )
            if i % 2:
                services.answer_comment(c, actor=officer_user, body="Gracias, vamos a revisar.")

    add(2)
    client.get(url(project))  # warm the entity cache
    from django.core.cache import cache

    cache.clear()
    client.get("/")  # entity and site version back in cache
    # The plan, the project, the count and the page's comments.
    with django_assert_num_queries(QUERIES):
        assert client.get(url(project) + "?pagina=1").status_code == 200
    add(30)
    cache.clear()
    client.get("/")
    with django_assert_num_queries(QUERIES):
        page = client.get(url(project) + "?pagina=1")
    assert len(page.context["page"].object_list) == 20


def test_the_comments_page_is_paginated(client, project):
    for i in range(23):
        make_comment(project, body=f"Comentario {i:02d} sobre el avance de la obra.")
    first = client.get(url(project))
    assert "Página 1 de 2" in first.text
    second = client.get(url(project) + "?pagina=2")
    assert len(second.context["page"].object_list) == 3


def test_the_list_page_holds_no_form_and_the_form_page_is_apart(client, project):
    listing = client.get(url(project))
    assert "csrfmiddlewaretoken" not in listing.text
    assert url(project, "comentar/") in listing.text
    form = client.get(url(project, "comentar/"))
    assert 'enctype="multipart/form-data"' in form.text and 'name="started"' in form.text


def test_readers_reports_hide_a_comment_with_the_forums_threshold(client, project, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rinde.core import files

    settings.FORUM_AUTO_HIDE_FLAGS = 2
    photo = files.clean_upload(
        SimpleUploadedFile("a.png", hostile.sound_png()), allowed=files.IMAGE_TYPES, max_bytes=10**6
    )
    comment = make_comment(project, photo=photo, photo_alt="Una calle")

    def report(ip):
        return from_address(ip).post(
            url(project, f"{comment.pk}/reportar/"),
            {"reason": "offensive", "website": "", "started": sign_start(time.time() - 30)},
        )

    assert report("10.0.0.1").status_code == 303
    assert report("10.0.0.1").status_code == 303  # the same network counts once
    comment.refresh_from_db()
    assert comment.flag_count == 1 and comment.status == CommentStatus.VISIBLE
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert report("10.0.0.2").status_code == 303
    comment.refresh_from_db()
    assert comment.status == CommentStatus.AUTO_HIDDEN
    assert not files.public_storage().exists(comment.photo.name)  # withdrawn with it
    html = client.get(url(project)).text
    assert "Comentario oculto." in html and "La obra del parque avanza" not in html
    assert client.get(url(project, f"{comment.pk}/reportar/")).status_code == 404


def test_the_project_page_links_to_the_comments(client, project, officer_user, planning_user):
    from rinde.plan.tests.test_workflow import publish

    publish(project.indicators.get(), officer_user, planning_user, 45)
    html = client.get(f"/plan/{project.plan.slug}/proyecto/{project.code}/").text
    assert url(project) in html and url(project, "comentar/") in html
    assert "Comentarios ciudadanos sobre el proyecto" in html


def test_ordinary_angle_brackets_are_taken_and_shown_as_text(client, project):
    body = "El avance fue <60% y la meta >80%; <script>alert(1)</script>"
    assert post(client, project, body=body).status_code == 303
    html = client.get(url(project)).text
    assert "El avance fue &lt;60% y la meta &gt;80%" in html
    assert "<script>alert(1)</script>" not in html


def test_a_project_with_visible_comments_has_its_comments_page_in_the_sitemap(
    client, project, department
):
    hidden_only = make_project(department, code="2")
    make_comment(project)
    FieldComment.objects.filter(pk=make_comment(hidden_only).pk).update(status=CommentStatus.HIDDEN)
    xml = client.get("/sitemap.xml").content.decode()
    assert url(project) in xml
    assert url(hidden_only) not in xml
