import pytest

from rinde.fieldwork.models import FieldComment
from rinde.fieldwork.personal_data import anonymize_field_comments, field_comments_for
from rinde.fieldwork.tests.factories import make_comment, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(entity, department):
    return make_project(department)


def test_a_persons_comments_are_found_by_their_email_and_anonymized(project):
    mine = make_comment(project, name="Luz M.", email="Luz@Correo.example", authorized=True)
    make_comment(project, name="Otra", email="otra@correo.example", authorized=True)
    make_comment(project)  # anonymous: tied to no one
    rows = field_comments_for("luz@correo.example")
    assert [r["tracking_code"] for r in rows] == [mine.tracking_code]
    assert rows[0]["author_name"] == "Luz M." and rows[0]["body"] == mine.body
    assert field_comments_for("") == []
    assert anonymize_field_comments("luz@correo.example") == 1
    mine.refresh_from_db()
    assert (mine.author_name, mine.author_email, mine.data_authorized_at) == ("", "", None)
    assert mine.anonymized_at is not None and mine.body  # the public record stays
    assert field_comments_for("luz@correo.example") == []
    assert FieldComment.objects.exclude(author_email="").count() == 1
