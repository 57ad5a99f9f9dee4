"""Draft documents live in private storage; publishing copies them out (issue 14, item 3)."""

import pytest
from django.test import Client, TestCase

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.core.tests import hostile
from rinde.exercises import services
from rinde.exercises.models import Document, DocumentKind, OversightCommittee
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(oversight_user, entity):
    committee = OversightCommittee.objects.create(name="Veeduría de obras")
    committee.members.add(oversight_user)
    return committee


def upload(client, *, kind=DocumentKind.MANAGEMENT_REPORT, committee=None, name="Informe.pdf"):
    return client.post(
        "/panel/rendicion/2023/documentos/nuevo/",
        {
            "kind": kind,
            "committee": committee.pk if committee else "",
            "title": "Informe de gestión 2023",
            "date": "2023-12-01",
            "summary": "<p>Lo esencial del informe para quien no lee PDF</p>",
            "file": hostile.upload(name, hostile.sound_pdf(), "application/pdf"),
        },
    )


def file_url(document):
    return f"/panel/rendicion/documentos/{document.pk}/archivo/"


@pytest.fixture
def draft(staff_client, planning_user, entity):
    make_exercise()
    assert upload(staff_client(planning_user), name="Informe «final» <v2>.pdf").status_code == 302
    return Document.objects.get()


def test_a_draft_is_stored_privately_under_a_generated_name(draft):
    assert draft.published_at is None
    assert draft.original_name == "Informe «final» <v2>.pdf"
    # Under its entity's folder (docs/tenancy.md, step 7).
    assert draft.file.name.startswith(f"e/{draft.exercise.entity_id}/rendicion/documentos/")
    assert draft.file.name.endswith(".pdf") and "Informe" not in draft.file.name
    assert not draft.public_file
    assert Client().get(f"/media/{draft.file.name}").status_code == 404


def test_the_old_public_address_of_a_draft_answers_404(draft, settings):
    # Before issue 14 a draft sat at MEDIA_ROOT/<its name>.
    assert Client().get("/media/rendicion/documentos/2023/Informe.pdf").status_code == 404
    assert Client().get(f"/media/{draft.file.name}").status_code == 404


def test_staff_download_a_draft_with_its_original_name(
    draft, staff_client, planning_user, ict_user, officer_user
):
    for user in (planning_user, ict_user, officer_user):
        response = staff_client(user).get(file_url(draft))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert (
            "filename*=utf-8''Informe%20%C2%ABfinal%C2%BB%20%3Cv2%3E.pdf"
            in (response["Content-Disposition"])
        )
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_draft_download_refuses_anonymous_citizens_and_other_veedurias(
    draft, staff_client, citizen_user, oversight_user, committee
):
    assert Client().get(file_url(draft)).status_code == 302
    assert staff_client(citizen_user).get(file_url(draft)).status_code in (302, 403)
    # A veeduría never sees the entity's drafts, not even by their number.
    assert staff_client(oversight_user).get(file_url(draft)).status_code == 404


def test_a_veeduria_member_downloads_its_own_committees_draft(
    staff_client, oversight_user, committee, entity
):
    make_exercise()
    client = staff_client(oversight_user)
    assert (
        upload(client, kind=DocumentKind.OVERSIGHT_REPORT, committee=committee).status_code == 302
    )
    assert client.get(file_url(Document.objects.get())).status_code == 200
    other = make_user(Role.OVERSIGHT, username="otra-veeduria")
    OversightCommittee.objects.create(name="Otra").members.add(other)
    assert staff_client(other).get(file_url(Document.objects.get())).status_code == 404


def test_the_veeduria_panel_lists_only_published_and_its_own_documents(
    draft, staff_client, oversight_user, committee, planning_user
):
    page = staff_client(oversight_user).get("/panel/rendicion/2023/").text
    assert "Informe de gestión 2023" not in page
    services.publish_document(document=draft, actor=planning_user)
    page = staff_client(oversight_user).get("/panel/rendicion/2023/").text
    assert "Informe de gestión 2023" in page


def test_entity_staff_see_drafts_in_the_panel(draft, staff_client, communications_user):
    assert (
        "Informe de gestión 2023"
        in staff_client(communications_user).get("/panel/rendicion/2023/").text
    )


def test_publishing_copies_the_pdf_to_public_storage_under_another_name(
    draft, planning_user, client
):
    document = services.publish_document(document=draft, actor=planning_user)
    assert document.public_file.name.endswith(".pdf")
    assert document.public_file.name != document.file.name
    response = client.get(document.public_file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment"
    assert b"".join(response.streaming_content) == hostile.sound_pdf()
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.mark.parametrize("key", sorted(hostile.HOSTILE))
def test_every_hostile_file_is_refused_as_a_document(staff_client, planning_user, entity, key):
    make_exercise()
    response = staff_client(planning_user).post(
        "/panel/rendicion/2023/documentos/nuevo/",
        {
            "kind": DocumentKind.MANAGEMENT_REPORT,
            "title": "Informe",
            "date": "2023-12-01",
            "summary": "<p>Lo esencial del documento en pocas palabras</p>",
            "file": hostile.hostile_upload(key),
        },
    )
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_django_admin_edits_a_private_document_without_a_public_link(
    draft, staff_client, admin_user
):
    response = staff_client(admin_user).get(f"/panel/admin/exercises/document/{draft.pk}/change/")
    assert response.status_code == 200
    assert draft.file.name not in response.text


def test_the_data_migration_moves_old_public_files_and_copies_the_published_ones(entity):
    from django.core.files.base import ContentFile
    from django.db.models import Q
    from django.utils import timezone

    from rinde.core import files

    exercise = make_exercise()
    public = files.public_storage()
    names = {}
    for title in ("Publicado", "Borrador"):
        names[title] = public.save(f"rendicion/documentos/2023/{title}.pdf", ContentFile(b"%PDF-"))
        Document.objects.create(
            exercise=exercise,
            kind=DocumentKind.OTHER,
            title=title,
            date=timezone.localdate(),
            file=names[title],
            sha256="a" * 64,
            summary="<p>Lo esencial del documento en pocas palabras</p>",
            published_at=timezone.now() if title == "Publicado" else None,
        )
    files.publish_private_files(
        Document, published=Q(published_at__isnull=False), prefix="rendicion/documentos/%Y"
    )
    published, draft = (
        Document.objects.get(title="Publicado"),
        Document.objects.get(title="Borrador"),
    )
    for document in (published, draft):
        assert not public.exists(document.file.name)  # the old public address is gone
        assert files.private_storage().exists(document.file.name)
    assert not draft.public_file
    assert public.exists(published.public_file.name)
    assert Client().get(f"/media/{names['Borrador']}").status_code == 404


def test_withdrawing_a_document_deletes_its_public_copy(
    draft, staff_client, planning_user, oversight_user, committee
):
    from rinde.core import files

    document = services.publish_document(document=draft, actor=planning_user)
    public_name = document.public_file.name
    client = staff_client(planning_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/panel/rendicion/documentos/{document.pk}/retirar/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.published_at is None and not document.public_file
    assert not files.public_storage().exists(public_name)
    assert Client().get(f"/media/{public_name}").status_code == 404
    assert files.private_storage().exists(document.file.name)
    # Only managers withdraw.
    assert (
        staff_client(oversight_user)
        .post(f"/panel/rendicion/documentos/{document.pk}/retirar/")
        .status_code
        == 403
    )
