import time

import pytest
from django.core import mail
from django.test import Client, TestCase

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.consultations.models import CommentStatus
from rinde.core.antispam import sign_start
from rinde.core.models import AuditEntry
from rinde.fieldwork.models import BlockedCommenter, FieldComment
from rinde.fieldwork.tests.factories import make_comment, make_project, url

pytestmark = pytest.mark.django_db
LIST = "/panel/proyectos/comentarios/"


@pytest.fixture
def project(entity, department):
    return make_project(department)


@pytest.fixture
def other_project(entity, other_department):
    return make_project(other_department, code="2")


def answer(client, comment, text="Gracias: la obra se reanuda el lunes 15."):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"{LIST}{comment.pk}/responder/", {"answer": text})


def test_the_departments_officer_answers_publicly_audited_and_the_author_hears(
    client, staff_client, officer_user, project
):
    comment = make_comment(project, email="luz@correo.example", authorized=True)
    staff = staff_client(officer_user)
    assert staff.get(f"{LIST}{comment.pk}/responder/").status_code == 200
    assert answer(staff, comment).status_code == 302
    comment.refresh_from_db()
    assert comment.answer == "Gracias: la obra se reanuda el lunes 15."
    assert comment.answered_by == officer_user
    entry = AuditEntry.objects.get(action="fieldwork.answer")
    assert entry.changes == {"answer": ["", comment.answer]}
    staff.logout()
    html = Client().get(url(project)).text
    assert "la obra se reanuda el lunes 15" in html
    assert f"Respuesta de {project.department.name}" in html
    assert [m.to for m in mail.outbox] == [["luz@correo.example"]]
    assert comment.tracking_code in mail.outbox[0].body


def test_another_departments_officer_and_communications_cannot_answer(
    staff_client, other_department, communications_user, project
):
    comment = make_comment(project)
    stranger = make_user(Role.OFFICER, username="otro", departments=[other_department])
    assert answer(staff_client(stranger), comment).status_code == 403
    assert answer(staff_client(communications_user), comment).status_code == 403
    comment.refresh_from_db()
    assert comment.answer == "" and not AuditEntry.objects.filter(action="fieldwork.answer")


def test_planning_answers_any_department(staff_client, planning_user, project):
    comment = make_comment(project)
    assert answer(staff_client(planning_user), comment).status_code == 302
    assert FieldComment.objects.get().answered_by == planning_user


def test_an_officer_lists_only_their_departments_comments(
    staff_client, officer_user, project, other_project, communications_user
):
    mine = make_comment(project, body="Comentario del proyecto de mi dependencia.")
    make_comment(other_project, body="Comentario del proyecto de otra dependencia.")
    page = staff_client(officer_user).get(LIST + "?ver=todos")
    assert [c.pk for c in page.context["page"]] == [mine.pk]
    assert 'value="hide"' not in page.text  # officers answer; communications moderate
    everything = staff_client(communications_user).get(LIST + "?ver=todos")
    assert len(everything.context["page"].object_list) == 2
    assert 'value="hide"' in everything.text


def test_communications_hides_and_restores_with_the_forums_moderation(
    client, staff_client, communications_user, project
):
    comment = make_comment(project, body="Texto con insultos que incumple las reglas.")
    staff = staff_client(communications_user)
    refused = staff.post(f"{LIST}{comment.pk}/moderar/", {"action": "hide", "reason": ""})
    assert refused.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE  # a reason is required, as in the forum
    staff.post(f"{LIST}{comment.pk}/moderar/", {"action": "hide", "reason": "Lenguaje ofensivo."})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert AuditEntry.objects.filter(action="fieldwork.hide").count() == 1
    html = Client().get(url(project)).text
    assert "Lenguaje ofensivo." in html and "insultos" not in html
    staff.post(f"{LIST}{comment.pk}/moderar/", {"action": "restore", "reason": ""})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    assert AuditEntry.objects.filter(action="fieldwork.restore").count() == 1


def test_a_hidden_comment_cannot_be_answered(
    staff_client, communications_user, planning_user, project
):
    comment = make_comment(project)
    staff_client(communications_user).post(
        f"{LIST}{comment.pk}/moderar/", {"action": "hide", "reason": "Publicidad."}
    )
    response = answer(staff_client(planning_user), comment)
    assert response.status_code == 400
    assert "oculto" in response.text


def test_a_blocked_author_cannot_comment_on_any_project(
    staff_client, communications_user, project, other_project
):
    comment = make_comment(project, ip="10.7.7.7")
    staff_client(communications_user).post(
        f"{LIST}{comment.pk}/moderar/", {"action": "block", "reason": "Spam repetido."}
    )
    assert BlockedCommenter.objects.count() == 1
    assert AuditEntry.objects.filter(action="fieldwork.block").count() == 1
    response = Client(REMOTE_ADDR="10.7.7.7").post(
        url(other_project, "comentar/"),
        {
            "body": "Otro comentario desde la misma conexión.",
            "website": "",
            "started": sign_start(time.time() - 30),
        },
    )
    assert response.status_code == 400
    assert "bloqueó" in response.text
    assert "Otro comentario desde la misma conexión." in response.text
    assert FieldComment.objects.count() == 1


def test_only_moderators_moderate(staff_client, officer_user, project):
    comment = make_comment(project)
    response = staff_client(officer_user).post(
        f"{LIST}{comment.pk}/moderar/", {"action": "hide", "reason": "No me gusta."}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE


def test_the_staff_pages_need_a_staff_role(
    client, staff_client, citizen_user, oversight_user, project
):
    comment = make_comment(project)
    assert client.get(LIST).status_code == 302  # to the login page
    assert staff_client(oversight_user).get(LIST).status_code == 403
    assert staff_client(oversight_user).get(f"{LIST}{comment.pk}/responder/").status_code == 403


def test_the_panel_menu_lists_the_page_for_its_roles(
    staff_client, communications_user, oversight_user
):
    assert LIST in staff_client(communications_user).get("/panel/").text
    assert LIST not in staff_client(oversight_user).get("/panel/").text


def test_a_hidden_comments_photo_leaves_the_public_folder_and_comes_back(
    staff_client, communications_user, project
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rinde.core import files
    from rinde.core.tests import hostile

    photo = files.clean_upload(
        SimpleUploadedFile("a.png", hostile.sound_png()),
        allowed=files.IMAGE_TYPES,
        max_bytes=10**6,
    )
    comment = make_comment(project, photo=photo, photo_alt="Una calle")
    name = comment.photo.name
    public, private = files.public_storage(), files.private_storage()
    assert public.exists(name)
    staff = staff_client(communications_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        staff.post(
            f"{LIST}{comment.pk}/moderar/", {"action": "hide", "reason": "Muestra un rostro."}
        )
    assert not public.exists(name) and private.exists(name)
    with TestCase.captureOnCommitCallbacks(execute=True):
        staff.post(f"{LIST}{comment.pk}/moderar/", {"action": "restore", "reason": ""})
    assert public.exists(name) and not private.exists(name)


def test_the_django_admin_lists_and_opens_a_comment(staff_client, admin_user, project):
    comment = make_comment(project)
    staff = staff_client(admin_user)
    assert staff.get("/panel/admin/fieldwork/fieldcomment/").status_code == 200
    assert staff.get(f"/panel/admin/fieldwork/fieldcomment/{comment.pk}/change/").status_code == 200
