"""The answers report (Res. 1519 Anexo 2, item 4.7) and its PDF.

The PDF takes seconds to render for a few hundred questions and anyone may ask for it, with
any query string or cookie, so no request renders it: the request compares the report's
fingerprint with the stored file's (report_pdfs.answers_report_pdf), asks the worker once
per change (tasks.render_answers_report_pdf, as evaluation renders its report), and is
served the stored file, the previous one while the new one renders.

The fingerprint is computed from the database in the web process and handed to the worker,
so it never depends on a cache the two processes may not share."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from rinde.entity.calendar import work_calendar
from rinde.entity.models import Entity
from rinde.exercises.models import Exercise
from rinde.questions import exports
from rinde.questions.figures import question_figures
from rinde.questions.models import (
    OPEN_STATUSES,
    Answer,
    AnswersReportPdf,
    AnswerState,
    Question,
)

# Bump when report_print.html shows something new, so every stored PDF renders again.
LAYOUT_VERSION = 1
# A request asked for a render that never came (the worker was down, the render failed):
# the next request after this long asks again; sooner, it would let anyone queue renders.
RETRY_AFTER = timedelta(minutes=10)


def report_questions(exercise: Exercise) -> list[Question]:
    answers = Answer.objects.filter(state=AnswerState.PUBLISHED).order_by("version")
    return list(
        Question.objects.public()
        .filter(exercise=exercise)
        .select_related("department")
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="published_answers"))
        .order_by("received_at", "pk")
    )


def report_context(exercise: Exercise) -> dict:
    """What the page and the PDF show: every public question and its last published answer."""
    today = timezone.localdate()
    return {
        "exercise": exercise,
        "questions": report_questions(exercise),
        "figures": question_figures(
            Question.objects.public().filter(exercise=exercise), work_calendar(), today
        ),
        "generated_at": timezone.now(),
    }


def fingerprint(exercise: Exercise) -> str:
    """A digest of everything report_print.html shows, but the time it was generated: two
    queries, whatever is public changes it (a new question, a triage, an answer, a masked
    text, a renamed department or entity), and a new day only when a question fell overdue."""
    today = timezone.localdate()
    public = Question.objects.public().filter(exercise=exercise)
    rows = list(
        public.order_by("pk").values_list(
            "pk",
            "tracking_code",
            "public_text",
            "department__name",
            "received_on",
            "current_due_on",
            "status",
            "answered_on",
        )
    )
    answers = list(
        Answer.objects.filter(question__in=public, state=AnswerState.PUBLISHED)
        .order_by("pk")
        .values_list("question_id", "pk")
    )
    overdue = sum(1 for row in rows if row[6] in OPEN_STATUSES and row[5] < today)
    digest = hashlib.sha256()
    for part in (
        LAYOUT_VERSION,
        Entity.objects.current().name,
        exercise.title,
        overdue,
        rows,
        answers,
    ):
        digest.update(repr(part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def render_and_store_pdf(exercise_id: int, current: str) -> None:
    """The worker's half: render the report as it is now and keep it as the exercise's PDF,
    removing the file it replaces once the new one is committed."""
    exercise = Exercise.objects.get(pk=exercise_id)
    pdf = AnswersReportPdf.objects.filter(exercise=exercise).first()
    if pdf is not None and pdf.fingerprint == current:
        return  # asked twice for the same change: rendered already
    context = report_context(exercise)
    context["entity"] = Entity.objects.current()
    content = ContentFile(
        exports.answers_pdf(context, settings.SITE_URL),
        name=f"informe-respuestas-{exercise.year}.pdf",
    )
    with transaction.atomic():
        pdf, _created = AnswersReportPdf.objects.select_for_update().get_or_create(
            exercise=exercise
        )
        previous = pdf.file.name
        pdf.file.save(content.name, content, save=False)
        pdf.fingerprint = current
        pdf.rendered_at = context["generated_at"]
        pdf.save()
        if previous:
            storage = pdf.file.storage
            transaction.on_commit(lambda: storage.delete(previous))
