"""Hostile files, inert serving of /media/ and the request body cap (issue 14, items 1, 8)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from PIL import Image

from rinde.core import files
from rinde.core.body_limit import RequestBodyLimitMiddleware
from rinde.core.tests import hostile
from rinde.entity.tests.factories import make_entity
from rinde.exercises.models import Document
from rinde.exercises.tests.factories import make_exercise


@pytest.mark.parametrize("key", sorted(hostile.HOSTILE))
def test_it_refuses_every_hostile_file_with_a_spanish_reason(key):
    with pytest.raises(ValidationError) as error:
        files.clean_upload(hostile.hostile_upload(key), max_bytes=50 * 1024 * 1024)
    message = error.value.messages[0]
    assert any(word in message for word in ("imagen", "PDF", "archivo")), message


@pytest.mark.parametrize("name", ["app.js", "page.html", "foto.svg", "sin-extension"])
def test_it_stores_a_jpeg_html_polyglot_only_as_a_reencoded_jpg(name):
    clean = files.clean_upload(
        hostile.upload(name, hostile.polyglot_jpeg_html()), max_bytes=1024 * 1024
    )
    data = clean.read()
    assert clean.name.endswith(".jpg")
    assert name not in clean.name
    # Offered as the download name: it lands on a disk as what the file really is.
    assert clean.original_name == name.rsplit(".", 1)[0] + ".jpg"
    assert b"<script" not in data and b"<html" not in data
    assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_it_strips_exif_and_gps_from_photos():
    raw = hostile.jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the test file has GPS
    clean = files.clean_upload(hostile.upload("foto.jpg", raw), max_bytes=1024 * 1024)
    data = clean.read()
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}
    assert b"Artista Secreto" not in data


def test_it_drops_a_colour_profile_that_carries_a_script():
    image = Image.new("RGB", (8, 8), "teal")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", icc_profile=b"<html><script>alert(1)</script></html>")
    clean = files.clean_upload(hostile.upload("page.html", buffer.getvalue()), max_bytes=10**6)
    data = clean.read()
    assert b"<script" not in data
    assert "icc_profile" not in Image.open(io.BytesIO(data)).info
    assert clean.original_name == "page.jpg"


def test_a_real_colour_profile_is_applied_to_the_pixels_and_not_kept():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG", icc_profile=srgb)
    clean = files.clean_upload(hostile.upload("foto.png", buffer.getvalue()), max_bytes=10**6)
    out = Image.open(io.BytesIO(clean.read()))
    assert "icc_profile" not in out.info
    assert out.getpixel((0, 0))[:3] == (0, 128, 128)
    assert profile  # a non-RGB profile exists too; converting from it must not crash:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG", icc_profile=profile)
    files.clean_upload(hostile.upload("foto.png", buffer.getvalue()), max_bytes=10**6)


def test_a_decompression_bomb_gets_the_spanish_message_before_decoding():
    with pytest.raises(ValidationError) as error:
        files.clean_upload(hostile.upload("foto.png", hostile.bomb_png()), max_bytes=1024**2)
    assert error.value.messages[0].startswith("La imagen es demasiado grande")


def test_a_sound_pdf_is_kept_byte_for_byte_under_a_generated_name():
    data = hostile.sound_pdf()
    clean = files.clean_upload(hostile.upload("Informe de gestión.pdf", data), max_bytes=10**6)
    assert clean.read() == data
    assert clean.name.endswith(".pdf") and "Informe" not in clean.name
    assert clean.original_name == "Informe de gestión.pdf"


def test_a_pdf_with_a_word_processors_open_action_is_accepted():
    files.check_pdf(hostile.pdf_bytes(catalog_extra=b"/OpenAction [3 0 R /XYZ null null 0] "))


def test_the_original_name_keeps_no_folder_nor_control_characters():
    assert files.original_name("C:\\Users\\ana\\../foto\u202egpj.exe") == "fotogpj.exe"


def test_generated_paths_never_use_the_persons_name_or_extension():
    path = files.GeneratedPath("plan/evidencias/%Y")(None, "page.html")
    assert path.startswith("plan/evidencias/2") and path.endswith(".bin")
    assert "page" not in path
    assert files.GeneratedPath("x")(None, "a.PDF").endswith(".pdf")


@pytest.mark.django_db
def test_a_rows_file_goes_under_its_entitys_folder_found_through_its_parents():
    tenjo = make_entity(name="Alcaldía de Tenjo")
    exercise = make_exercise(2026, entity=tenjo)
    document = Document(exercise=exercise, title="Informe")  # no key: its exercise's
    path = files.GeneratedPath("rendicion/documentos/%Y")(document, "informe.pdf")
    assert path.startswith(f"e/{tenjo.pk}/rendicion/documentos/2")
    logo = files.GeneratedPath("entity")(tenjo, "logo.png")
    assert logo.startswith(f"e/{tenjo.pk}/entity/")


# Serving /media/ ----------------------------------------------------------------------------


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "page.html").write_bytes(hostile.HTML)
    (tmp_path / "old" / "logo.svg").write_bytes(hostile.SVG)
    (tmp_path / "old" / "foto.jpg").write_bytes(hostile.polyglot_jpeg_html())
    (tmp_path / "old" / "informe.pdf").write_bytes(hostile.sound_pdf())
    return tmp_path


def assert_inert(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["page.html", "logo.svg"])
def test_media_serves_an_old_active_file_as_an_inert_download(client, media_root, name):
    response = client.get(f"/media/old/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert_inert(response)


def test_media_serves_images_with_the_type_of_their_extension_only(client, media_root):
    response = client.get("/media/old/foto.jpg")
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert_inert(response)


def test_media_serves_pdfs_as_sandboxed_downloads(client, media_root):
    response = client.get("/media/old/informe.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment"
    assert_inert(response)


@pytest.mark.parametrize("path", ["../secret_key", "old/", "nada.png", "%2e%2e/secret_key"])
def test_media_answers_404_outside_media_root_or_for_missing_files(client, db, media_root, path):
    (media_root.parent / "secret_key").write_text("x")
    assert client.get(f"/media/{path}").status_code == 404


# Request body cap ---------------------------------------------------------------------------


class ExplodingInput(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def request_with_body(length: str, **extra):
    request = RequestFactory().post("/preguntas/nueva/", data=b"", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = length
    request.META["wsgi.input"] = ExplodingInput()
    request.META.update(extra)
    request._stream = ExplodingInput()
    return request


def never_called(request):
    raise AssertionError("the view ran")


@override_settings(MAX_REQUEST_BODY_BYTES=60 * 1024 * 1024)
def test_a_huge_body_gets_413_in_spanish_without_being_read():
    response = RequestBodyLimitMiddleware(never_called)(request_with_body(str(300 * 1024**2)))
    assert response.status_code == 413
    assert "demasiado grande" in response.content.decode()
    assert "300,0" in response.content.decode()


def test_a_chunked_body_without_length_is_refused_unread():
    request = request_with_body("", HTTP_TRANSFER_ENCODING="chunked")
    assert RequestBodyLimitMiddleware(never_called)(request).status_code == 411


def test_a_garbled_length_is_refused():
    assert RequestBodyLimitMiddleware(never_called)(request_with_body("12abc")).status_code == 400


def test_gunicorn_closes_the_connection_after_a_refusal():
    request = request_with_body(str(10**12), SERVER_SOFTWARE="gunicorn/27.0.1")
    assert RequestBodyLimitMiddleware(never_called)(request)["Connection"] == "close"


def test_the_body_cap_is_the_first_middleware(settings):
    # Only the request log wraps it (it never reads the body), so a refusal carries a
    # request id and is counted in the metrics.
    assert settings.MIDDLEWARE[:2] == [
        "rinde.core.request_log.RequestLogMiddleware",
        "rinde.core.body_limit.RequestBodyLimitMiddleware",
    ]


@override_settings(MAX_REQUEST_BODY_BYTES=1000)
def test_a_post_over_the_cap_is_refused_before_csrf(client, db):
    response = client.post(
        "/preguntas/nueva/", data=b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413


def test_behind_nginx_private_files_go_out_by_x_accel_redirect(settings):
    from django.core.files.base import ContentFile

    from rinde.core.media import private_file_response

    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_privado/"
    name = files.private_storage().save("rendicion/documentos/x.pdf", ContentFile(b"%PDF-"))
    field_file = type("F", (), {"name": name})()
    response = private_file_response(field_file, download_name="Informe final.pdf")
    assert response["X-Accel-Redirect"] == f"/_privado/{name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Informe final.pdf"'
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("stored", "typed", "offered"),
    [
        ("x.pdf", "r2.html", "r2.pdf"),  # an old row kept the name as typed
        ("x.jpg", "app.js", "app.jpg"),
        ("x.html", "pagina.html", "pagina.bin"),  # an old file under an active name
    ],
)
def test_a_private_download_is_offered_with_the_extension_of_what_is_served(
    settings, stored, typed, offered
):
    from django.core.files.base import ContentFile

    from rinde.core.media import private_file_response

    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_privado/"
    name = files.private_storage().save(f"viejos/{stored}", ContentFile(b"x"))
    field_file = type("F", (), {"name": name})()
    response = private_file_response(field_file, download_name=typed)
    assert f'filename="{offered}"' in response["Content-Disposition"]


@pytest.mark.parametrize("key", ["truncated_png", "truncated_jpeg", "truncated_webp"])
def test_a_truncated_image_is_refused_even_after_weasyprint_is_imported(key, monkeypatch):
    from PIL import ImageFile

    # What `import weasyprint` does to the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ValidationError) as error:
        files.clean_upload(hostile.hostile_upload(key), max_bytes=1024**2)
    assert "dañada o incompleta" in error.value.messages[0]
