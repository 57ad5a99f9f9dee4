"""The database unreachable and the disk full: Spanish answers (503, 507), nothing stored
half-way. The same faults, for real, through deploy-local: deploy/tests/test_fault_*.py."""

import errno
import os
import subprocess
import time

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InterfaceError, OperationalError, ProgrammingError

from rinde.core.antispam import sign_start
from rinde.core.files import PrivateStorage
from rinde.core.models import SpentFormToken
from rinde.core.storage import FileSystemStorage, is_disk_full
from rinde.demo.exercises import make_pdf
from rinde.exercises.models import Document, DocumentKind, OversightCommittee
from rinde.exercises.tests.factories import make_exercise
from rinde.questions.models import Question

pytestmark = pytest.mark.django_db

ASK = "/rendicion/2023/preguntas/nueva/"


@pytest.fixture
def exercise(entity):
    return make_exercise()


@pytest.fixture
def browser_like(client):
    """The test client as a browser sees the site: an exception is a response, not raised."""
    client.raise_request_exception = False
    return client


def post_question(client):
    return client.post(
        ASK,
        {
            "text": "¿Cuándo abren el parque?",
            "website": "",
            "started": sign_start(time.time() - 30),
        },
    )


def test_a_question_post_the_database_drops_gets_a_spanish_503_and_nothing_is_stored(
    browser_like, exercise, monkeypatch
):
    def server_gone(question):
        raise OperationalError("terminating connection due to administrator command")

    # After the form token is spent in the same transaction: both roll back.
    monkeypatch.setattr("rinde.questions.intake._insert", server_gone)
    response = post_question(browser_like)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert "El portal no está disponible en este momento" in response.text
    assert "no se guardó" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    assert Question.objects.count() == 0
    assert SpentFormToken.objects.count() == 0


def test_a_page_whose_connection_was_closed_gets_the_503(browser_like, exercise, monkeypatch):
    def closed(year):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("rinde.questions.intake.access_intake", closed)
    response = browser_like.get(ASK)
    assert response.status_code == 503
    assert 'lang="es"' in response.text


def test_a_bug_in_a_query_is_still_a_500(browser_like, exercise, monkeypatch):
    def bad_query(year):
        raise ProgrammingError("column does not exist")

    monkeypatch.setattr("rinde.questions.intake.access_intake", bad_query)
    response = browser_like.get(ASK)
    assert response.status_code == 500
    assert "Tuvimos un problema" in response.text


def test_the_answer_after_the_database_returns_is_the_page_again(browser_like, exercise):
    assert browser_like.get(ASK).status_code == 200
    assert post_question(browser_like).status_code == 303


# The disk full -------------------------------------------------------------------------


class FillsTheDisk(File):
    """Content whose second chunk meets a full disk, as a write to one does."""

    def __init__(self):
        super().__init__(None, name="informe.pdf")

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4\n" + b"x" * 1000
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_that_meets_a_full_disk_leaves_no_partial_file(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(OSError) as raised:
        storage.save("documentos/informe.pdf", FillsTheDisk())
    assert is_disk_full(raised.value)
    assert list((tmp_path / "documentos").iterdir()) == []


def test_another_write_error_is_raised_as_it_was(tmp_path):
    class Refused(FillsTheDisk):
        def chunks(self, chunk_size=None):
            yield b"x"
            raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(OSError) as raised:
        FileSystemStorage(location=tmp_path).save("a.pdf", Refused())
    assert not is_disk_full(raised.value)


def test_a_full_disk_is_recognised_through_the_errors_raised_from_it():
    try:
        try:
            raise OSError(errno.EDQUOT, "Disk quota exceeded")
        except OSError as error:
            raise RuntimeError("could not store the upload") from error
    except RuntimeError as wrapped:
        assert is_disk_full(wrapped)
    assert not is_disk_full(ValueError("x"))


@pytest.fixture
def tiny_disk(tmp_path):
    """A 512 KiB file system (tmpfs) for private media: a real ENOSPC. Needs root."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    folder = tmp_path / "lleno"
    folder.mkdir()
    subprocess.run(  # noqa: S603 - a fixed command line
        ["/usr/bin/mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], check=True
    )
    try:
        yield folder
    finally:
        subprocess.run(["/usr/bin/umount", str(folder)], check=True)  # noqa: S603


def test_the_storage_removes_what_it_wrote_before_the_real_disk_filled(tiny_disk):
    storage = FileSystemStorage(location=tiny_disk)
    with pytest.raises(OSError) as raised:
        storage.save("grande.pdf", ContentFile(b"x" * (1024 * 1024)))
    assert raised.value.errno == errno.ENOSPC
    assert list(tiny_disk.iterdir()) == []
    storage.save("pequeno.pdf", ContentFile(b"x" * 1024))  # the disk works for what fits
    assert [p.name for p in tiny_disk.iterdir()] == ["pequeno.pdf"]


def test_an_upload_to_a_full_disk_gets_a_spanish_507_and_no_row(
    staff_client, oversight_user, tiny_disk, monkeypatch
):
    # The field took its storage when the model was defined: give it one on the tiny disk.
    field = Document._meta.get_field("file")
    monkeypatch.setattr(field, "storage", PrivateStorage(location=tiny_disk))
    make_exercise()
    committee = OversightCommittee.objects.create(name="Veeduría de prueba")
    committee.members.add(oversight_user)
    client = staff_client(oversight_user)
    client.raise_request_exception = False
    response = client.post(
        "/panel/rendicion/2023/documentos/nuevo/",
        {
            "kind": DocumentKind.OVERSIGHT_REPORT,
            "committee": committee.pk,
            "title": "Informe de la veeduría",
            "date": "2023-12-01",
            "summary": "<p>Lo esencial</p>",
            "file": SimpleUploadedFile("informe.pdf", make_pdf("A" * 1_000_000)),
        },
    )
    assert response.status_code == 507
    assert "No pudimos guardar el archivo" in response.text
    assert "No se guardó nada" in response.text
    assert Document.objects.count() == 0
    assert [p for p in tiny_disk.rglob("*") if p.is_file()] == []
