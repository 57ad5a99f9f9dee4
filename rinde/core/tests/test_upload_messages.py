"""The upload refusal tells a disguised file from an honestly named one of a kind not
taken here (issue 18, item 6)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.core import files


def refusal(name: str, content: bytes, allowed=files.IMAGE_OR_PDF) -> str:
    with pytest.raises(ValidationError) as error:
        files.clean_upload(SimpleUploadedFile(name, content), allowed=allowed, max_bytes=10_000)
    return error.value.messages[0]


def test_a_real_txt_is_told_which_kinds_are_taken_without_doubting_its_name():
    message = refusal("acta.txt", b"Acta de la reunion\n")
    assert "aunque su nombre lo diga" not in message
    assert message == "Aquí no se reciben archivos .txt: envíe un archivo JPEG, PDF, PNG o WEBP."


def test_a_disguised_file_is_told_its_name_lies():
    message = refusal("acta.pdf", b"Acta de la reunion\n")
    assert message.endswith("aunque su nombre lo diga.")


def test_a_pdf_where_only_images_go_names_the_image_kinds():
    message = refusal("acta.pdf", b"%PDF-1.4\n", allowed=files.IMAGE_TYPES)
    assert message == "Aquí no se reciben archivos .pdf: envíe un archivo JPEG, PNG o WEBP."


def test_no_name_no_extension_echoed():
    assert refusal("acta", b"hola") == (
        "El archivo no es de un tipo permitido: envíe un archivo JPEG, PDF, PNG o WEBP."
    )
