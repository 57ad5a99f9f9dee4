import re

import pytest
from django.core.management import call_command

from rinde.exercises.models import Document, DocumentKind
from rinde.plan.models import Plan
from rinde.questions.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_management_report_is_a_real_pdf_with_its_html_version_from_its_figures(
    client,
):
    call_command("load_demo", "--quiet-accounts")
    report = Document.objects.get(kind=DocumentKind.MANAGEMENT_REPORT, exercise__slug="2023")
    pdf = report.file.read()
    # WeasyPrint's PDF with the tables, not the 598-byte one-line placeholder.
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    assert report.size == len(pdf)
    assert report.public_file and report.has_html_version
    # The HTML version holds the demo's own figures: every line of the plan, and the
    # number of public questions of the exercise.
    plan = Plan.objects.get(slug="2020-2023")
    for line in plan.lines.all():
        assert line.name in report.summary
    received = Question.objects.public().filter(exercise__slug="2023").count()
    assert received > 0
    assert re.search(rf"Recibidas</th><td>{received}</td>", report.summary)
    assert "<table>" in report.summary and "$&nbsp;" in report.summary  # money never wraps
    page = client.get("/rendicion/2023/").text
    assert 'download="informe-de-gestion-2023.pdf"' in page
    assert "management_report" not in page
