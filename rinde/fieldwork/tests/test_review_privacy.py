"""Review of issue 16: every citizen-typed text on a project's comments pages goes out
masked, the photo's description included (it is typed by the same person as the body)."""

import pytest

from rinde.fieldwork.models import FieldComment
from rinde.fieldwork.tests.factories import make_comment, make_project, url

pytestmark = pytest.mark.django_db

CONTACTS = ("300 123 4567", "pedro@correo.example")


def test_a_photo_description_with_contacts_is_masked_on_public_pages(client, entity, department):
    project = make_project(department)
    comment = make_comment(project)
    FieldComment.objects.filter(pk=comment.pk).update(
        photo="fieldwork/2026/obra.jpg",
        photo_alt="Obra frente a la casa de Pedro, 300 123 4567, pedro@correo.example",
        answer="Gracias. Escríbanos a pedro@correo.example o al 300 123 4567.",
        answered_at=comment.created_at,
    )
    for path in (url(project), f"/plan/comentarios-ciudadanos/{comment.tracking_code}/"):
        html = client.get(path).text
        assert "obra.jpg" in html, path  # the photo is shown, its description masked
        for contact in CONTACTS:
            assert contact not in html, (path, contact)
