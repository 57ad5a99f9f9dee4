import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from rinde.core import antispam, files
from rinde.core.sanitize import clean_html, html_for_editing, html_to_text, text_or_html
from rinde.core.tests import hostile


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"<html>", None),
    ],
)
def test_sniff_reads_the_content(head, kind):
    assert files.sniff(head) == kind


def test_a_pdf_named_like_an_image_is_still_a_pdf():
    upload = SimpleUploadedFile("informe.png", hostile.sound_pdf(), "image/png")
    files.validate_pdf(upload)
    with pytest.raises(ValidationError):
        files.validate_image(upload)


def test_an_oversized_file_is_refused_with_its_size():
    upload = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2048, "image/png")
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload, allowed={"image/png"}, max_bytes=1024)
    assert "el máximo es 1,0" in error.value.messages[0]


class QuestionForm(antispam.PublicForm):
    from django import forms

    text = forms.CharField()


def test_a_public_form_accepts_a_person():
    started = antispam.sign_start(time.time() - 10)
    form = QuestionForm({"text": "¿Cuándo arreglan la vía?", "website": "", "started": started})
    assert form.is_valid(), form.errors


def test_a_public_form_refuses_the_honeypot():
    started = antispam.sign_start(time.time() - 10)
    form = QuestionForm({"text": "spam", "website": "http://spam", "started": started})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "honeypot"


def test_a_public_form_refuses_a_bot_that_answers_at_once():
    form = QuestionForm({"text": "rápido", "started": antispam.sign_start()})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "too_fast"


def test_a_forged_start_time_is_refused_and_keeps_the_text():
    form = QuestionForm({"text": "mi pregunta", "started": "123"})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "expired"
    assert form["text"].value() == "mi pregunta"


@pytest.mark.parametrize(
    "started",
    [
        "",
        "123",
        "abc:def",
        "١٢٣:abc",  # digits that are not ASCII
        "123:ñandú",
    ],
)
def test_a_start_time_we_did_not_sign_is_expired(started):
    assert antispam.spam_error("", started).code == "expired"


def test_a_start_time_moved_earlier_by_hand_loses_its_signature():
    signed = antispam.sign_start(time.time() - 10)
    stamp, mac = signed.split(":")
    seconds, nonce = stamp.split(".")
    assert antispam.spam_error("", signed) is None
    assert antispam.spam_error("", f"{int(seconds) - 60}.{nonce}:{mac}").code == "expired"


def test_a_start_time_is_good_for_six_hours():
    assert antispam.spam_error("", antispam.sign_start(time.time() - 6 * 3600 + 60)) is None
    assert antispam.spam_error("", antispam.sign_start(time.time() - 6 * 3600 - 60)).code == (
        "expired"
    )


def test_a_form_shown_before_the_secret_key_changed_is_still_accepted(settings):
    signed = antispam.sign_start(time.time() - 10)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" * 5, [settings.SECRET_KEY]
    assert antispam.spam_error("", signed) is None
    settings.SECRET_KEY_FALLBACKS = []
    assert antispam.spam_error("", signed).code == "expired"


def test_rate_limit_counts_per_address():
    factory = RequestFactory()
    one = factory.post("/", REMOTE_ADDR="10.0.0.1")
    other = factory.post("/", REMOTE_ADDR="10.0.0.2")
    results = [antispam.check_rate_limit(one, "t", limit=3, per_seconds=60) for _ in range(4)]
    assert results == [True, True, True, False]
    assert antispam.check_rate_limit(other, "t", limit=3, per_seconds=60)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hola <script>alert(1)</script></p>", "<p>Hola </p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<img src="x" onerror="alert(1)" alt="foto">', '<img src="x" alt="foto">'),
        ('<p style="color:red">rojo</p>', "<p>rojo</p>"),
    ],
)
def test_user_html_is_sanitized(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # Plain text keeps its paragraphs and line breaks, escaped.
        (
            "Hola.\n\nCalle 50 & Carrera 36 > 3.000\nfin",
            "<p>Hola.</p>\n\n<p>Calle 50 &amp; Carrera 36 &gt; 3.000<br>fin</p>",
        ),
        # A comparison is text, not a tag.
        ("a < b y c > d", "<p>a &lt; b y c &gt; d</p>"),
        # Addresses in angle brackets are text too, and stay.
        (
            "Escriba a <atencion@itagui.gov.co> o vea <https://itagui.gov.co>.\n\nGracias.",
            "<p>Escriba a &lt;atencion@itagui.gov.co&gt; o vea &lt;https://itagui.gov.co&gt;.</p>"
            "\n\n<p>Gracias.</p>",
        ),
        ("x<y y z>w", "<p>x&lt;y y z&gt;w</p>"),
        # HTML is cleaned as it is, scripts dropped.
        ("<p>ya <b>html</b></p><script>x</script>", "<p>ya <b>html</b></p>"),
        ("", ""),
    ],
)
def test_staff_text_becomes_clean_html(typed, stored):
    assert text_or_html(typed) == stored


def test_html_becomes_the_text_a_reader_sees():
    assert html_to_text("<p>Calle 50 &amp; Carrera 36 &gt; 3.000</p>\n") == (
        "Calle 50 & Carrera 36 > 3.000"
    )


@pytest.mark.parametrize(
    "typed",
    ["Hola.\n\nCalle 50 & Carrera 36 > 3.000\nfin", "a < b y c > d", "<p>ya <b>html</b></p>", ""],
)
def test_a_draft_comes_back_to_the_textarea_as_it_was_typed(typed):
    # Plain text comes back as plain text; HTML as HTML: saving it again changes nothing.
    stored = text_or_html(typed)
    editable = html_for_editing(stored)
    assert text_or_html(editable) == stored
    if "<" not in typed:
        assert editable == typed
