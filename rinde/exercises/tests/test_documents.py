import hashlib
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core.models import AuditEntry
from rinde.demo.exercises import make_pdf
from rinde.exercises.models import Document, DocumentKind
from rinde.exercises.tests.factories import BOGOTA, make_exercise, make_hearing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name="informe.pdf", text="Informe"):
    return SimpleUploadedFile(name, make_pdf(text), content_type="application/pdf")


@pytest.fixture
def committee(oversight_user, entity):
    from rinde.exercises.models import OversightCommittee

    committee = OversightCommittee.objects.create(name="Veeduría de prueba")
    committee.members.add(oversight_user)
    return committee


def _post(client, year, **overrides):
    from rinde.exercises.models import OversightCommittee

    committee = OversightCommittee.objects.first()
    data = {
        "kind": DocumentKind.OVERSIGHT_REPORT,
        "committee": committee.pk if committee else "",
        "title": "Informe de la veeduría",
        "date": "2023-12-01",
        "summary": "<p>Lo esencial del informe de la veeduría</p><script>alert(1)</script>",
        "file": _pdf(),
    }
    data.update(overrides)
    return client.post(f"/panel/rendicion/{year}/documentos/nuevo/", data)


def test_an_oversight_member_uploads_the_committee_report_and_staff_publish_it(
    staff_client, oversight_user, committee, planning_user, entity, client
):
    exercise = make_exercise()
    response = _post(staff_client(oversight_user), 2023)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.published_at is None
    assert document.uploaded_by == oversight_user
    assert document.sha256 == hashlib.sha256(make_pdf("Informe")).hexdigest()
    assert document.size == len(make_pdf("Informe"))
    assert "<script>" not in document.summary
    assert "Informe de la veeduría" not in client.get("/rendicion/2023/").text

    client.logout()
    planner = staff_client(planning_user)
    response = planner.post(f"/panel/rendicion/documentos/{document.pk}/publicar/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.published_at is not None
    assert AuditEntry.objects.filter(action="exercises.document_publish").count() == 1
    planner.logout()
    public = client.get(f"/rendicion/{exercise.year}/").text
    assert "Informe de la veeduría" in public and document.sha256 in public


def test_an_oversight_member_can_upload_only_oversight_reports(
    staff_client, oversight_user, committee, entity
):
    make_exercise()
    response = _post(staff_client(oversight_user), 2023, kind=DocumentKind.MANAGEMENT_REPORT)
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_an_oversight_member_cannot_publish(staff_client, oversight_user, committee, entity):
    make_exercise()
    _post(staff_client(oversight_user), 2023)
    document = Document.objects.get()
    response = staff_client(oversight_user).post(
        f"/panel/rendicion/documentos/{document.pk}/publicar/"
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.published_at is None


def test_a_renamed_non_pdf_is_refused_in_spanish_and_keeps_what_was_typed(
    staff_client, planning_user, entity
):
    make_exercise()
    fake = SimpleUploadedFile("informe.pdf", b"<html>no</html>", content_type="application/pdf")
    response = _post(staff_client(planning_user), 2023, file=fake, title="Título que escribí")
    assert response.status_code == 200
    assert "aunque su nombre lo diga" in response.text
    assert "Título que escribí" in response.text
    assert not Document.objects.exists()


def test_an_anonymous_visitor_cannot_upload(client, entity):
    make_exercise()
    response = _post(client, 2023)
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_a_correction_is_a_new_version_and_the_public_list_is_newest_first(
    staff_client, planning_user, entity, client
):
    make_exercise()
    planner = staff_client(planning_user)
    _post(planner, 2023, kind=DocumentKind.MANAGEMENT_REPORT, title="Informe de gestión")
    first = Document.objects.get()
    planner.post(f"/panel/rendicion/documentos/{first.pk}/publicar/")
    _post(
        planner,
        2023,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe de gestión corregido",
        replaces=first.pk,
        file=_pdf(text="Corregido"),
    )
    second = Document.objects.exclude(pk=first.pk).get()
    assert second.version == 2 and second.replaces == first
    planner.post(f"/panel/rendicion/documentos/{second.pk}/publicar/")
    planner.logout()
    text = client.get("/rendicion/2023/").text
    assert text.index("Informe de gestión corregido") < text.index("Descargar «Informe de gestión»")
    assert "versión 2" in text


def test_staff_are_warned_when_the_management_report_is_late_for_the_hearing(
    staff_client, planning_user, entity, settings
):
    settings.RINDE_REPORT_DAYS_BEFORE_HEARING = 30
    exercise = make_exercise()
    hearing = make_hearing(exercise, starts_at=datetime(2023, 12, 15, 8, tzinfo=BOGOTA))
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe",
        date=hearing.starts_at.date(),
        file="x.pdf",
        summary="s",
        sha256="c" * 64,
        published_at=hearing.starts_at - timedelta(days=10),
    )
    response = staff_client(planning_user).get("/panel/rendicion/2023/")
    assert "se publicó 10 días antes de la audiencia" in response.text


def test_staff_are_not_warned_when_the_report_came_out_in_time(staff_client, planning_user, entity):
    exercise = make_exercise()
    hearing = make_hearing(exercise)
    Document.objects.create(
        exercise=exercise,
        kind=DocumentKind.MANAGEMENT_REPORT,
        title="Informe",
        date=hearing.starts_at.date(),
        file="x.pdf",
        summary="s",
        sha256="c" * 64,
        published_at=hearing.starts_at - timedelta(days=31),
    )
    response = staff_client(planning_user).get("/panel/rendicion/2023/")
    assert response.status_code == 200
    assert "días antes de la audiencia" not in response.text


def test_a_document_saved_in_django_admin_gets_its_checksum_and_a_clean_summary(
    staff_client, admin_user, entity
):
    exercise = make_exercise()
    content = make_pdf("Desde el administrador")
    response = staff_client(admin_user).post(
        "/panel/admin/exercises/document/add/",
        {
            "exercise": exercise.pk,
            "kind": DocumentKind.MINUTES,
            "title": "Acta",
            "date": exercise.starts_on.isoformat(),
            "summary": '<p onclick="x()">Acta</p><script>alert(1)</script>',
            "file": SimpleUploadedFile("acta.pdf", content, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get(title="Acta")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.summary == "<p>Acta</p>"
