import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core.tests import hostile
from rinde.exercises.models import Document, DocumentKind, OversightCommittee
from rinde.exercises.tests.factories import make_exercise

pytestmark = pytest.mark.django_db

PDF = hostile.sound_pdf()


def upload(client, **data):
    payload = {
        "kind": DocumentKind.OVERSIGHT_REPORT,
        "title": "Informe de la veeduría",
        "date": "2023-12-01",
        "summary": "<p>Resumen</p>",
        "file": SimpleUploadedFile("informe.pdf", PDF, "application/pdf"),
        **data,
    }
    return client.post("/panel/rendicion/2023/documentos/nuevo/", payload)


def test_a_veeduria_member_uploads_for_their_own_committee(staff_client, oversight_user, entity):
    make_exercise()
    ours = OversightCommittee.objects.create(name="Veeduría de obras")
    other = OversightCommittee.objects.create(name="Veeduría de salud")
    ours.members.add(oversight_user)
    client = staff_client(oversight_user)
    response = upload(client, committee=other.pk)
    assert response.status_code == 200
    assert Document.objects.count() == 0
    response = upload(client, committee=ours.pk)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.committee == ours
    assert document.published_at is None
    page = client.get("/panel/rendicion/2023/documentos/nuevo/")
    assert "pendiente de publicación" in page.text


def test_a_veeduria_member_without_a_committee_is_told_why(staff_client, oversight_user, entity):
    make_exercise()
    response = staff_client(oversight_user).get(
        "/panel/rendicion/2023/documentos/nuevo/", follow=True
    )
    assert "no pertenece a ninguna veeduría" in response.text
