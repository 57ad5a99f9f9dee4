import pytest
from django.core.management import call_command

from rinde.consultations.models import CommentStatus
from rinde.fieldwork.models import FieldComment

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_few_comments_one_answered_and_loads_twice(client):
    call_command("load_demo", "--quiet-accounts")
    call_command("load_demo", "--quiet-accounts")
    comments = list(FieldComment.objects.select_related("project"))
    assert len(comments) == len({c.tracking_code for c in comments}) >= 3
    answered = [c for c in comments if c.answered_at]
    assert len(answered) == 1 and answered[0].answered_by.username == "enlace"
    assert any(c.photo for c in comments)
    assert any(c.status == CommentStatus.HIDDEN for c in comments)
    project = comments[0].project
    html = client.get(f"/plan/{project.plan.slug}/proyecto/{project.code}/comentarios/").text
    assert answered[0].answer[:40] in html
    assert client.get(f"/plan/{project.plan.slug}/proyecto/{project.code}/").status_code == 200
