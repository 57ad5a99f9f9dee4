"""The PDF's progress on the staff report page in Spanish (issue 18, item 6)."""

from rinde.evaluation.models import EvaluationReport


def test_each_pdf_step_has_a_spanish_label():
    for status, label in [("queued", "en cola"), ("rendering", "generándose"), ("failed", "falló")]:
        assert EvaluationReport(pdf_status=status).get_pdf_status_display() == label
