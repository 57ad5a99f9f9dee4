from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from rinde.core.models import AuditEntry
from rinde.core.tests import hostile
from rinde.plan import services
from rinde.plan.models import Evidence
from rinde.plan.tests.factories import make_plan_tree

pytestmark = pytest.mark.django_db

PNG = hostile.sound_png()
PDF = hostile.sound_pdf()


@pytest.fixture
def indicator(department):
    return make_plan_tree(department)


@pytest.fixture
def report(indicator, officer_user):
    plan = indicator.project.program.component.line.plan
    return services.start_report(
        plan=plan,
        department=indicator.project.department,
        period=date(2023, 12, 1),
        actor=officer_user,
    )


def upload(client, report, indicator, **fields):
    data = {
        "evidencia-project": indicator.project.pk,
        "evidencia-kind": "photo",
        "evidencia-title": "Obra terminada en la Comuna 1",
        "evidencia-file": SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
        "evidencia-alt_text": "Parque infantil con juegos nuevos y niños jugando",
    }
    data.update({f"evidencia-{k}": v for k, v in fields.items()})
    return client.post(f"/panel/plan/cortes/{report.pk}/evidencias/", data)


def test_a_photo_with_alt_text_is_published_with_the_cut(
    client, staff_client, officer_user, planning_user, indicator, report
):
    officer = staff_client(officer_user)
    assert upload(officer, report, indicator).status_code == 302
    response = upload(
        officer,
        report,
        indicator,
        kind="file",
        title="Acta de recibo",
        file=SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf"),
        alt_text="",
    )
    assert response.status_code == 302
    assert report.evidence.count() == 2
    assert "plan.evidence.add" in AuditEntry.objects.values_list("action", flat=True)
    # Not public before approval.
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(5)}, finances={})
    services.submit_report(report, actor=officer_user)
    page = f"/plan/proyecto/{indicator.project.code}/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.review_report(report, actor=planning_user, approve=True)
    html = client.get(page).text
    assert 'alt="Parque infantil con juegos nuevos y niños jugando"' in html
    assert "Acta de recibo" in html


def test_a_photo_without_alt_text_is_refused_and_nothing_is_saved(
    staff_client, officer_user, indicator, report
):
    response = upload(staff_client(officer_user), report, indicator, alt_text="  ")
    assert response.status_code == 400
    assert "texto alternativo" in response.text
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("kind", "name", "content"),
    [
        ("photo", "foto.jpg", b"MZ\x90\x00 not an image"),
        ("photo", "foto.png", PDF),
        ("file", "acta.pdf", PNG),
    ],
)
def test_files_are_checked_by_content_not_by_name(
    staff_client, officer_user, indicator, report, kind, name, content
):
    response = upload(
        staff_client(officer_user),
        report,
        indicator,
        kind=kind,
        file=SimpleUploadedFile(name, content),
    )
    assert response.status_code == 400
    assert "aunque su nombre lo diga" in response.text
    assert not Evidence.objects.exists()


def test_another_departments_officer_cannot_add_evidence(
    staff_client, indicator, report, other_department
):
    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user

    stranger = make_user(Role.OFFICER, departments=[other_department])
    assert upload(staff_client(stranger), report, indicator).status_code == 404
    assert not Evidence.objects.exists()


def test_a_correction_carries_the_evidence_and_a_published_cut_keeps_its_own(
    staff_client, officer_user, planning_user, indicator, report
):
    officer = staff_client(officer_user)
    upload(officer, report, indicator)
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(5)}, finances={})
    services.submit_report(report, actor=officer_user)
    report = services.review_report(report, actor=planning_user, approve=True)
    evidence = report.evidence.get()
    # Published: it can no longer be removed.
    officer.post(f"/panel/plan/cortes/{report.pk}/evidencias/{evidence.pk}/quitar/")
    assert report.evidence.count() == 1
    correction = services.correct_report(report, actor=officer_user, reason="Foto equivocada")
    copied = correction.evidence.get()
    assert copied.file.name == evidence.file.name and copied.alt_text == evidence.alt_text
    response = officer.post(f"/panel/plan/cortes/{correction.pk}/evidencias/{copied.pk}/quitar/")
    assert response.status_code == 302
    assert not correction.evidence.exists()
    assert report.evidence.count() == 1  # the published version still shows its photo
    assert "plan.evidence.remove" in AuditEntry.objects.values_list("action", flat=True)


def test_a_draft_photo_is_private_under_a_generated_name(
    client, staff_client, officer_user, indicator, report
):
    officer = staff_client(officer_user)
    upload(officer, report, indicator)
    upload(officer, report, indicator)
    first, second = report.evidence.order_by("pk")
    assert first.file.name != second.file.name
    assert first.file.name.endswith(".png") and "foto" not in first.file.name
    assert first.original_name == "foto.png"
    assert not first.public_file
    # Neither at its stored name nor anywhere under MEDIA_URL.
    assert client.get(f"/media/{first.file.name}").status_code == 404


def evidence_file_url(report, evidence):
    return f"/panel/plan/cortes/{report.pk}/evidencias/{evidence.pk}/archivo/"


def test_staff_get_a_draft_evidence_file_only_for_their_department(
    client, staff_client, officer_user, planning_user, communications_user, indicator, report
):
    from rinde.accounts.models import Role
    from rinde.accounts.tests.factories import make_user
    from rinde.entity.tests.factories import make_department

    upload(staff_client(officer_user), report, indicator, title="Obra", alt_text="Obra nueva")
    evidence = report.evidence.get()
    url = evidence_file_url(report, evidence)
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    assert staff_client(communications_user).get(url).status_code == 403  # wrong role
    stranger = make_user(Role.OFFICER, departments=[make_department("Hacienda")])
    assert staff_client(stranger).get(url).status_code == 404  # other department
    for user in (officer_user, planning_user):
        response = staff_client(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "foto.png" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"


def test_approving_the_cut_publishes_a_copy_under_another_generated_name(
    client, staff_client, officer_user, planning_user, indicator, report
):
    upload(staff_client(officer_user), report, indicator)
    services.save_report(report, actor=officer_user, values={indicator.pk: Decimal(5)}, finances={})
    services.submit_report(report, actor=officer_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.review_report(report, actor=planning_user, approve=True)
    evidence = report.evidence.get()
    assert evidence.public_file.name.endswith(".png")
    assert evidence.public_file.name != evidence.file.name
    response = client.get(evidence.public_file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


@pytest.mark.parametrize("name", ["app.js", "page.html"])
def test_an_officers_polyglot_named_like_a_script_is_stored_as_a_clean_jpg(
    client, staff_client, officer_user, indicator, report, name
):
    """Issue 14: JPEG bytes followed by script, named app.js or page.html."""
    polyglot = SimpleUploadedFile(name, hostile.polyglot_jpeg_html(), "text/html")
    assert upload(staff_client(officer_user), report, indicator, file=polyglot).status_code == 302
    evidence = report.evidence.get()
    assert evidence.file.name.endswith(".jpg")
    assert evidence.original_name == name.rsplit(".", 1)[0] + ".jpg"  # the download name
    data = evidence.file.open("rb").read()
    assert b"<script" not in data and data.startswith(b"\xff\xd8\xff")


@pytest.mark.parametrize("key", sorted(hostile.HOSTILE))
def test_every_hostile_file_is_refused_as_cut_evidence(
    staff_client, officer_user, indicator, report, key
):
    bad = hostile.hostile_upload(key)
    kind = "file" if "pdf" in key else "photo"
    response = upload(staff_client(officer_user), report, indicator, kind=kind, file=bad)
    assert response.status_code == 400
    assert not report.evidence.exists()
