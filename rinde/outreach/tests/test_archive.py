import csv
import io
import os
import zipfile
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from rinde.core.models import AuditEntry
from rinde.core.tests import hostile
from rinde.exercises.tests.factories import make_exercise
from rinde.outreach import archive, archive_zip
from rinde.outreach.models import ArchiveExport, Deliverable, DeliverableKind, ExportStatus
from rinde.outreach.tests.factories import make_deliverable, png_upload

pytestmark = pytest.mark.django_db

NEW = "/panel/difusion/archivo/nuevo/?ejercicio=2023"


def photo_data(**extra):
    return {
        "kind": "photo",
        "title": "Audiencia en el CAMI",
        "file": png_upload(),
        "alt_text": "El alcalde responde preguntas en el auditorio lleno",
        "credit": "Oficina de Prensa",
        **extra,
    }


def test_a_photo_needs_a_real_image_alt_text_and_credit(staff_client, communications_user, entity):
    make_exercise()
    client = staff_client(communications_user)
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo at all", "image/jpeg")
    response = client.post(NEW, photo_data(file=fake))
    assert response.status_code == 400
    assert "no es de un tipo permitido (JPEG, PNG, WEBP), aunque su nombre lo diga" in response.text
    response = client.post(NEW, photo_data(alt_text="  ", credit=""))
    assert response.status_code == 400
    assert "Escriba el texto alternativo" in response.text
    assert "Escriba el crédito de la foto" in response.text
    assert Deliverable.objects.count() == 0
    response = client.post(NEW, photo_data())
    assert response.status_code == 302
    assert response.url == "/panel/difusion/archivo/?ejercicio=2023"
    item = Deliverable.objects.get()
    assert item.kind == "photo" and item.file.name.endswith(".png")
    assert AuditEntry.objects.filter(action="outreach.deliverable.create").count() == 1


def test_a_video_needs_its_link_and_a_design_a_file(staff_client, communications_user, entity):
    make_exercise()
    client = staff_client(communications_user)
    response = client.post(NEW, {"kind": "video", "title": "Resumen"})
    assert response.status_code == 400 and "Escriba el enlace al video" in response.text
    response = client.post(NEW, {"kind": "design", "title": "Afiche"})
    assert response.status_code == 400 and "Suba el archivo del diseño" in response.text
    pdf = SimpleUploadedFile("afiche.pdf", hostile.sound_pdf(), "application/pdf")
    assert client.post(NEW, {"kind": "design", "title": "Afiche", "file": pdf}).status_code == 302
    video = {"kind": "video", "title": "Resumen", "video_url": "https://youtu.be/x"}
    assert client.post(NEW, {**video, "has_captions": "on"}).status_code == 302
    assert Deliverable.objects.get(kind="video").has_captions is True


def test_staff_edit_and_delete_items_audited(staff_client, communications_user, entity):
    item = make_deliverable(make_exercise())
    client = staff_client(communications_user)
    url = f"/panel/difusion/archivo/{item.pk}/"
    data = {"kind": "photo", "title": "Nuevo título", "alt_text": item.alt_text, "credit": "Otro"}
    assert client.post(url, data).status_code == 302  # the stored photo is kept
    item.refresh_from_db()
    assert (item.title, item.credit) == ("Nuevo título", "Otro") and item.file
    assert client.get(url + "eliminar/").status_code == 405
    assert client.post(url + "eliminar/").status_code == 302
    assert not Deliverable.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"outreach.deliverable.update", "outreach.deliverable.delete"} <= actions


def test_the_public_archive_filters_by_kind_and_paginates_with_constant_queries(
    client, entity, django_assert_num_queries
):
    exercise = make_exercise()
    make_deliverable(exercise, title="Foto del auditorio")
    make_deliverable(exercise, DeliverableKind.VIDEO, title="Video resumen")
    make_deliverable(exercise, DeliverableKind.DESIGN, title="Afiche de la audiencia")
    url = "/rendicion/2023/archivo/"
    response = client.get(url)
    html = response.text
    assert "Foto del auditorio" in html and "Video resumen" in html
    assert 'alt="El alcalde habla en la audiencia"' in html
    assert "Foto: Prensa Alcaldía" in html and "con subtítulos" in html
    videos = client.get(url + "?tipo=video").text
    assert "Video resumen" in videos and "Foto del auditorio" not in videos
    assert "Afiche" in client.get(url + "?tipo=diseno").text
    cache.clear()
    with django_assert_num_queries(4) as small:
        client.get(url)
    for i in range(60):
        make_deliverable(exercise, title=f"Foto {i}")
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        page_two = client.get(url + "?pagina=2")
    assert page_two.context["page"].number == 2
    assert "Página 2 de 3" in page_two.text
    assert client.get("/rendicion/1999/archivo/").status_code == 404


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_is_built_in_the_background_with_files_and_a_manifest(
    staff_client, communications_user, entity, django_capture_on_commit_callbacks
):
    exercise = make_exercise()
    make_deliverable(exercise, title="Foto del auditorio")
    make_deliverable(exercise, DeliverableKind.VIDEO, title="Video resumen")
    make_deliverable(exercise, DeliverableKind.DESIGN, title="Afiche")
    client = staff_client(communications_user)
    assert "Aún no se ha preparado ningún zip" in client.get("/panel/difusion/archivo/").text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/panel/difusion/archivo/zip/", {"ejercicio": "2023"})
    assert response.status_code == 302
    export = ArchiveExport.objects.get()
    assert export.status == ExportStatus.READY and export.items == 3
    page = client.get("/panel/difusion/archivo/?ejercicio=2023")
    assert "Listo" in page.text and "Descargar el zip (3 entregables)" in page.text
    download = client.get(f"/panel/difusion/archivo/zip/{export.pk}/")
    assert download.status_code == 200
    bundle = read_zip(download)
    names = bundle.namelist()
    assert names == ["fotos/001-foto-del-auditorio.png", "disenos/003-afiche.png", "manifiesto.csv"]
    manifest = list(csv.reader(io.StringIO(bundle.read("manifiesto.csv").decode("utf-8-sig"))))
    assert manifest[0] == ["archivo", "tipo", "titulo", "texto_alternativo", "credito", "enlace"]
    assert manifest[1][:5] == [
        "fotos/001-foto-del-auditorio.png",
        "Foto",
        "Foto del auditorio",
        "El alcalde habla en la audiencia",
        "Prensa Alcaldía",
    ]
    assert manifest[2] == [
        "",
        "Video",
        "Video resumen",
        "",
        "",
        "https://www.youtube.com/watch?v=demo",
    ]
    assert bundle.read(names[0]).startswith(b"\x89PNG")
    assert AuditEntry.objects.filter(action="outreach.archive.zip").count() == 1


def test_the_manifest_keeps_typed_text_from_becoming_a_formula(entity):
    formula = '=HYPERLINK("http://evil","clic")'
    item = make_deliverable(make_exercise(), title=formula, credit="-Prensa")
    handle = io.BytesIO()
    archive_zip.write_zip(handle, [item])
    bundle = zipfile.ZipFile(handle)
    manifest = list(csv.reader(io.StringIO(bundle.read("manifiesto.csv").decode("utf-8-sig"))))
    assert manifest[1][2:5] == ["'" + formula, "El alcalde habla en la audiencia", "'-Prensa"]


def test_a_queued_zip_shows_its_status_and_is_not_queued_twice(
    staff_client, communications_user, entity
):
    exercise = make_exercise()
    # Outside on_commit capture the task is never enqueued: the export stays queued.
    first = archive.request_zip(exercise, actor=communications_user)
    assert archive.request_zip(exercise, actor=communications_user) == first
    client = staff_client(communications_user)
    page = client.get("/panel/difusion/archivo/?ejercicio=2023")
    assert "En cola" in page.text and 'hx-trigger="every 3s"' in page.text
    fragment = client.get("/panel/difusion/archivo/?ejercicio=2023", headers={"HX-Request": "true"})
    assert "En cola" in fragment.text and "<html" not in fragment.text
    assert 'hx-trigger="every 3s"' in fragment.text  # polls on while queued
    ArchiveExport.objects.filter(pk=first.pk).update(status=ExportStatus.FAILED, error="x")
    fragment = client.get("/panel/difusion/archivo/?ejercicio=2023", headers={"HX-Request": "true"})
    assert "Falló" in fragment.text and "hx-trigger" not in fragment.text  # and stops
    assert client.get(f"/panel/difusion/archivo/zip/{first.pk}/").status_code == 404


def test_a_failed_build_says_why(
    staff_client, communications_user, entity, monkeypatch, django_capture_on_commit_callbacks
):
    exercise = make_exercise()
    make_deliverable(exercise)

    def broken(handle, items):
        raise OSError("No space left on device")

    monkeypatch.setattr(archive_zip, "write_zip", broken)
    client = staff_client(communications_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/panel/difusion/archivo/zip/", {"ejercicio": "2023"})
    export = ArchiveExport.objects.get()
    assert export.status == ExportStatus.FAILED
    page = client.get("/panel/difusion/archivo/?ejercicio=2023").text
    assert "Falló" in page and "No space left on device" in page


def test_only_communications_and_the_administrator_manage_the_archive(
    client, staff_client, planning_user, admin_user, entity
):
    item = make_deliverable(make_exercise())
    assert client.get("/panel/difusion/archivo/").status_code == 302
    planning = staff_client(planning_user)
    assert planning.get("/panel/difusion/archivo/").status_code == 403
    assert planning.post(f"/panel/difusion/archivo/{item.pk}/eliminar/").status_code == 403
    assert planning.post("/panel/difusion/archivo/zip/", {"ejercicio": "2023"}).status_code == 403
    admin = staff_client(admin_user)
    assert admin.get("/panel/difusion/archivo/").status_code == 200
    assert admin.get("/panel/difusion/archivo/zip/").status_code == 405
    assert admin.post("/panel/difusion/archivo/zip/", {"ejercicio": "x"}).status_code == 404


def test_housekeeping_keeps_only_the_newest_zip_and_unsticks_a_dead_build(entity):
    exercise = make_exercise()
    now = timezone.now()
    old_time = now - timedelta(days=3)

    def export(status, finished_at, content=b"zip"):
        item = ArchiveExport.objects.create(exercise=exercise, status=status)
        if content:
            item.file.save(f"prueba-{item.pk}.zip", ContentFile(content), save=False)
        ArchiveExport.objects.filter(pk=item.pk).update(
            file=item.file.name if content else "",
            finished_at=finished_at,
            requested_at=finished_at or old_time,
        )
        item.refresh_from_db()
        return item

    older = export(ExportStatus.READY, old_time - timedelta(days=1))
    newest = export(ExportStatus.READY, old_time)
    failed = export(ExportStatus.FAILED, old_time, content=b"")
    recent = export(ExportStatus.FAILED, now, content=b"")  # kept a day for staff to read
    stuck = export(ExportStatus.BUILDING, None, content=b"")
    older_path = older.file.path
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "old zips deleted: 2" in out.getvalue()
    assert "stale zips marked failed: 1" in out.getvalue()
    remaining = set(ArchiveExport.objects.values_list("pk", flat=True))
    assert remaining == {newest.pk, recent.pk, stuck.pk}
    assert failed.pk not in remaining
    assert not os.path.exists(older_path) and os.path.exists(newest.file.path)
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED and "pida el zip otra vez" in stuck.error
    call_command("housekeeping", stdout=io.StringIO())  # idempotent
    assert set(ArchiveExport.objects.values_list("pk", flat=True)) == remaining
