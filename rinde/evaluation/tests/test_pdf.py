"""The evaluation report's PDF: tagged PDF/UA with its title and language, and a long
table of unanswered questions never split mid-row (issue 18, item 7)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from rinde.core import pdf
from rinde.core.tests.pdf_reading import pages_of_rows, readable
from rinde.evaluation import reporting
from rinde.evaluation.models import EvaluationReport
from rinde.questions.tests.factories import make_exercise

pytestmark = pytest.mark.django_db

LONG = "¿Cuándo terminan la vía del barrio y quién responde por los retrasos? " * 6


@pytest.fixture
def report(entity, planning_user):
    unanswered = [
        {
            "code": f"RC2023-A{n:05d}",
            "text": LONG,
            "department": "Infraestructura",
            "due_on": "2024-01-10",
            "overdue": True,
        }
        for n in range(60)
    ]
    return EvaluationReport.objects.create(
        exercise=make_exercise(),
        state=EvaluationReport.State.PUBLISHED,
        published_at=timezone.now(),
        created_by=planning_user,
        figures={"questions": {"received": 60, "unanswered": unanswered}},
    )


def test_the_report_pdf_is_tagged_with_title_and_language(report):
    content = readable(reporting.render_pdf(report))
    assert b"/StructTreeRoot" in content
    assert b"/MarkInfo <</Marked true>>" in content
    assert b"/Lang (es)" in content
    # A title with accents is written as UTF-16 (hex).
    title = "Informe de evaluación · " + report.exercise.title
    assert b"/Title <feff" + title.encode("utf-16-be").hex().encode() in content


def test_the_report_rows_are_never_split(report):
    html = render_to_string("evaluation/report_print.html", reporting.context_for(report))
    document = pdf.layout(html, base_url=settings.SITE_URL)
    rows = pages_of_rows(document)
    assert len(document.pages) > 2
    assert sum(code.startswith("RC2023-A") for code in rows) == 60
    assert [row for row, pages in rows.items() if len(pages) > 1] == []


def test_every_pdf_goes_through_the_core_helper():
    """One place makes PDFs tagged and rows whole: a new write_pdf elsewhere skips it."""
    root = Path(settings.BASE_DIR) / "rinde"
    callers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "write_pdf(" in path.read_text() and "tests" not in path.parts
    ]
    assert callers == ["core/pdf.py"]
