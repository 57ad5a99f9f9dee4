"""`make bench`, evaluation (issue 7): the evaluation report's PDF for an exercise with 5,000
questions and 2,000 evaluations, beside WeasyPrint rendering a one-page document, in the
same process. The report is rendered by a background task in production; this times the
work that task does."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", "--quiet-accounts")
from weasyprint import HTML
from rinde.accounts.models import User
from rinde.evaluation import figures, reporting, services
from rinde.evaluation.models import Answer, EvaluationForm, Response
from rinde.exercises.models import Exercise
from rinde.questions.models import Question
from rinde.questions.intake import receive_question

exercise = Exercise.objects.get(year=2023)
base = Question.objects.filter(exercise=exercise).first()
tz = ZoneInfo("America/Bogota")
clones = []
for i in range(5000 - Question.objects.filter(exercise=exercise).count()):
    q = Question.objects.get(pk=base.pk)
    q.pk = None
    q.tracking_code = f"RC2023-B{i:05d}"
    q.text = f"Pregunta de carga {i}: ¿cuándo terminan las obras del barrio?"
    clones.append(q)
Question.objects.bulk_create(clones, batch_size=2000)
form = EvaluationForm.objects.get(event__exercise=exercise)
questions = list(form.questions.exclude(kind="text"))
extra = 2000 - form.responses.count()
Response.objects.bulk_create([Response(form=form) for _ in range(extra)], batch_size=2000)
answers = []
for r in Response.objects.filter(form=form).exclude(answers__isnull=False):
    for q in questions:
        if q.kind == "scale":
            answers.append(Answer(response=r, question=q, number=4))
        elif q.kind == "yes_no":
            answers.append(Answer(response=r, question=q, choices=["yes"]))
        else:
            answers.append(Answer(response=r, question=q, choices=[q.options[0][0]]))
Answer.objects.bulk_create(answers, batch_size=5000)
planning = User.objects.get(username="planeacion")
report = services.start_report(exercise=exercise, actor=planning)
start = time.perf_counter()
report.figures = figures.collect(exercise)
collect_s = time.perf_counter() - start
report.state = "published"
from django.utils import timezone
report.published_at = timezone.now()
report.save()
start = time.perf_counter()
pdf = reporting.render_pdf(report)
report_s = time.perf_counter() - start
start = time.perf_counter()
one = HTML(string="<html lang='es'><body><h1>Una página</h1><p>Texto de referencia.</p></body></html>").write_pdf()
one_s = time.perf_counter() - start
print(Question.objects.filter(exercise=exercise).count(), form.responses.count(), collect_s, report_s, len(pdf), one_s)
"""


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="rinde-bench-ev-") as var:
        env = {**os.environ, "RINDE_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, "-c", CHILD],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    questions, evaluations, collect_s, report_s, size, one_s = (float(x) for x in out.split()[-6:])
    print("== evaluation report PDF (WeasyPrint, same process)")
    print(f"exercise with {questions:.0f} questions and {evaluations:.0f} evaluations")
    print(f"figures collected in {collect_s:.2f} s")
    print(
        f"report PDF: {report_s:.2f} s, {size / 1024:.0f} KB; one-page reference: {one_s:.2f} s; ratio {report_s / one_s:.1f}×"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
