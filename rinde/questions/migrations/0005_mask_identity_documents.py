from django.db import migrations

from rinde.core.privacy import mask_personal_data


def mask_stored_questions_again(apps, schema_editor):
    """Stored questions' published text is made again with mask_personal_data, which now
    hides identity document numbers ("C.C. 43.123.456") and direction controls besides
    e-mails and phones. Only the rows whose published text changes are written."""
    Question = apps.get_model("questions", "Question")
    changed = []
    for question in Question.objects.only("pk", "text", "public_text").iterator(chunk_size=2000):
        masked = mask_personal_data(question.text)
        if masked != question.public_text:
            question.public_text = masked
            changed.append(question)
        if len(changed) == 500:
            Question.objects.bulk_update(changed, ["public_text"])
            changed = []
    Question.objects.bulk_update(changed, ["public_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0004_public_text"),
    ]

    operations = [
        migrations.RunPython(mask_stored_questions_again, migrations.RunPython.noop),
    ]
