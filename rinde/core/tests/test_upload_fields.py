"""Every file field of every model, against the hostile corpus (issue 14, items 1 and 3).

A structural test: a new FileField fails it until it is listed here with how its uploads
are made safe. So no upload path can forget the checks."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from rinde.core import files
from rinde.core.tests import hostile

# Fields whose uploads a form cleans with core.files.clean_upload itself, with that form.
CLEANED_BY_FORM = {
    "outreach.Deliverable.file": "outreach.forms.DeliverableForm",
    "plan.Evidence.file": "plan.forms.EvidenceForm",
    "questions.AnswerAttachment.file": "questions.forms.AnswerForm",
}
# Fields that hold only files Rinde wrote: copies made at publication, generated PDFs and
# zips, imported spreadsheets (parsed, never served: private storage).
WRITTEN_BY_RINDE = {
    "exercises.Document.public_file",
    "plan.Evidence.public_file",
    "questions.AnswerAttachment.public_file",
    "outreach.ArchiveExport.file",
    "plan.ImportJob.file",
    "questions.AnswersReportPdf.file",
}
# Fields that must live in private storage (drafts, staff-only files).
PRIVATE = {
    "exercises.Document.file",
    "plan.Evidence.file",
    "questions.AnswerAttachment.file",
    "outreach.ArchiveExport.file",
    "plan.ImportJob.file",
}


def file_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("rinde."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


def test_every_file_field_is_cleaned_or_written_by_rinde():
    unlisted = [
        label
        for label, field in file_fields()
        if not isinstance(field, files.CleanedFileField)
        and label not in CLEANED_BY_FORM
        and label not in WRITTEN_BY_RINDE
    ]
    assert unlisted == []


def test_every_file_field_stores_under_a_generated_name():
    for label, field in file_fields():
        if label == "plan.ImportJob.file":
            continue  # private, never served; parsed by the import (plan.import_services)
        assert isinstance(field.upload_to, files.GeneratedPath), label


def test_drafts_and_staff_files_are_in_private_storage():
    for label, field in file_fields():
        assert isinstance(field.storage, files.PrivateStorage) == (label in PRIVATE), label


CLEANED_FIELDS = [
    pytest.param(field, id=label)
    for label, field in file_fields()
    if isinstance(field, files.CleanedFileField)
]


@pytest.mark.parametrize("field", CLEANED_FIELDS)
@pytest.mark.parametrize("key", sorted(hostile.HOSTILE))
def test_every_cleaned_field_refuses_every_hostile_file(field, key):
    with pytest.raises(ValidationError):
        field.formfield().clean(hostile.hostile_upload(key))


@pytest.mark.parametrize("field", CLEANED_FIELDS)
def test_every_cleaned_field_keeps_a_sound_file_under_a_generated_name(field):
    if files.PDF in field.allowed:
        upload = hostile.upload("page.html", hostile.sound_pdf())
    else:
        upload = hostile.upload("page.html", hostile.polyglot_jpeg_html())
    clean = field.formfield().clean(upload)
    assert clean.name.rsplit(".", 1)[1] in ("pdf", "jpg")
    assert clean.original_name == "page." + clean.name.rsplit(".", 1)[1]
    assert b"<script" not in clean.read()


@pytest.mark.parametrize("key", sorted(hostile.HOSTILE))
def test_the_deliverable_and_answer_forms_refuse_every_hostile_file(key, db):
    from rinde.outreach.forms import DeliverableForm
    from rinde.questions.forms import AnswerForm

    deliverable = DeliverableForm(
        {"kind": "design", "title": "Afiche"}, {"file": hostile.hostile_upload(key)}
    )
    assert not deliverable.is_valid()
    assert "file" in deliverable.errors
    answer = AnswerForm(
        {"body": "Respuesta", "attachment_title": "Anexo"},
        {"attachment": hostile.hostile_upload(key)},
    )
    assert not answer.is_valid()
    assert "attachment" in answer.errors
