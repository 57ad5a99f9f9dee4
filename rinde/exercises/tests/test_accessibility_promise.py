"""The accessibility statement's promise, enforced: an HTML version for every published PDF,
captions for every published video (exercises.accessibility)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from rinde.demo.exercises import make_pdf
from rinde.exercises import services
from rinde.exercises.models import Document, DocumentKind, Event
from rinde.exercises.tests.factories import make_exercise
from rinde.exercises.tests.test_event_panel import _data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _draft(exercise, summary, title="Informe de gestión 2023"):
    document = Document(
        exercise=exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title=title,
        date=timezone.localdate(),
        summary=summary,
    )
    document.file.save("management_report-2023.pdf", ContentFile(make_pdf(title)), save=False)
    document.save()
    return document


@pytest.mark.parametrize("summary", ["", "<p> </p>", "<p><img src='x.png' alt=''></p>", "Ver PDF"])
def test_a_pdf_without_its_html_version_is_not_published(
    staff_client, planning_user, entity, summary
):
    document = _draft(make_exercise(), summary)
    response = staff_client(planning_user).post(
        f"/panel/rendicion/documentos/{document.pk}/publicar/", follow=True
    )
    assert "no se publica sin su versión en HTML" in response.text
    document.refresh_from_db()
    assert document.published_at is None and not document.public_file
    with pytest.raises(ValidationError):
        services.publish_document(document=document, actor=planning_user)


def test_a_pdf_with_its_html_version_is_published_under_a_spanish_name(
    staff_client, planning_user, entity, client
):
    exercise = make_exercise()
    document = _draft(exercise, "<p>El avance del plan por línea y las preguntas recibidas.</p>")
    staff_client(planning_user).post(f"/panel/rendicion/documentos/{document.pk}/publicar/")
    document.refresh_from_db()
    assert document.published_at is not None
    page = client.get(f"/rendicion/{exercise.slug}/").text
    assert 'download="informe-de-gestion-2023.pdf"' in page
    assert "management_report" not in page
    assert "aún no tiene su versión en HTML" not in page


def test_a_published_pdf_that_lost_its_html_version_is_flagged_publicly(client, entity):
    exercise = make_exercise()
    document = _draft(exercise, "<p>El avance del plan por línea y las preguntas recibidas.</p>")
    services.publish_document(document=document, actor=None)
    # Django admin can still edit the summary of a published document: it cannot refuse.
    Document.objects.filter(pk=document.pk).update(summary="<p></p>")
    assert "Este PDF aún no tiene su versión en HTML" in client.get("/rendicion/2023/").text


def test_a_recording_without_captions_is_refused_and_flagged_publicly(
    staff_client, planning_user, entity, client
):
    make_exercise(2026)
    start = timezone.localtime() + timedelta(days=20)
    video = "https://www.youtube.com/watch?v=abc123"
    staff = staff_client(planning_user)
    response = staff.post("/panel/rendicion/2026/eventos/nuevo/", _data(start, recording_url=video))
    assert response.status_code == 200
    assert "Un video no se publica sin subtítulos" in response.text
    assert not Event.objects.exists()
    response = staff.post(
        "/panel/rendicion/2026/eventos/nuevo/",
        _data(start, recording_url=video, **{"detalles-recording_has_captions": "on"}),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert "con subtítulos" in client.get(f"/rendicion/2026/eventos/{event.pk}/").text
    # A recording saved before the rule (or by the admin) is flagged on its page.
    event.details.recording_has_captions = False
    event.details.save()
    page = client.get(f"/rendicion/2026/eventos/{event.pk}/").text
    assert "aún sin subtítulos" in page
