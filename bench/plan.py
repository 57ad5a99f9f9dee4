"""`make bench`, development plan (issue 3): a plan of 5,000 product indicators with 36
approved monthly cuts; the uncached plan overview and a line page beside a trivial Django
view under the same server (gunicorn, 3 workers, wrk with 32 connections), as ratios.

"Uncached" means the whole-page cache of anonymous pages is off
(PUBLIC_PAGE_CACHE_SECONDS=0): every request renders the page from the database. The
figures the pages read are the stored monthly figures (figures.py), written once when a cut
is approved; the time that rebuild takes for this plan is printed too.

Target (issue 3): each page at least 40 % of the trivial view's throughput.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from common import prepare, start_server, wrk

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8320"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
# Uncached pages once had to reach 0.40 of the trivial view; issue 17 retired that target
# (the page as deployed is measured by bench/deployed.py): printed for information only.
RETIRED_RATIO = 0.40
REFERENCE = "/bench/trivial/"

BUILD = r"""
import random, time
from datetime import date
from decimal import Decimal
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from rinde.accounts.models import User
from rinde.entity.models import Department
from rinde.plan import figures
from rinde.plan.models import *

rng = random.Random(5000)
Plan.objects.update(is_current=False)
plan = Plan.objects.create(name="Plan de carga", start_year=2024, end_year=2027, is_demo_data=True, is_current=True)
departments = list(Department.objects.all())
territories = list(Territory.objects.all())
officer = User.objects.get(username="planeacion")
indicators, projects = [], []
with transaction.atomic():
    for l in range(1, 7):
        line = StrategicLine.objects.create(plan=plan, code=str(l), name=f"Línea {l} de carga")
        for c in range(1, 6):
            component = Component.objects.create(line=line, code=f"{l}.{c}", name=f"Componente {l}.{c}")
            for g in range(1, 6):
                program = Program.objects.create(component=component, code=f"{l}.{c}.{g}", name=f"Programa {l}.{c}.{g}")
                for p in range(1, 8):
                    projects.append(Project(plan=plan, program=program, code=f"B{l}.{c}.{g}.{p}", name=f"Proyecto {l}.{c}.{g}.{p}", department=departments[(l * 7 + c * 3 + p) % len(departments)]))
    Project.objects.bulk_create(projects)
    projects = list(Project.objects.filter(program__component__line__plan=plan))
    trends = ["increase"] * 6 + ["maintain", "reduce"]
    for n, project in enumerate(projects):
        for i in range(1, 7 if n % 4 else 3):
            if len(indicators) == 5000:
                break
            trend = rng.choice(trends)
            indicators.append(Indicator(plan=plan, project=project, code=f"{project.code}.{i}", name=f"Indicador {project.code}.{i}", unit="unidades", trend=trend, baseline=Decimal(100 if trend == "reduce" else 0), target=Decimal(rng.randrange(10, 1000) if trend != "reduce" else 20)))
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    indicators = list(Indicator.objects.filter(project__program__component__line__plan=plan).select_related("project"))
    periods = [date(2024 + m // 12, m % 12 + 1, 1) for m in range(36)]
    used = sorted({p.department_id for p in projects})
    now = timezone.now()
    ProgressReport.objects.bulk_create([ProgressReport(plan=plan, department_id=d, period=p, state="approved", created_by=officer, reviewed_by=officer, approved_at=now) for d in used for p in periods])
    reports = {(r.department_id, r.period): r.pk for r in ProgressReport.objects.filter(plan=plan)}
    values = []
    for indicator in indicators:
        for m, period in enumerate(periods):
            if indicator.trend == "increase":
                value = indicator.target / 48 * Decimal(rng.uniform(0.3, 1.5))
            elif indicator.trend == "maintain":
                value = indicator.target * Decimal(rng.uniform(0.8, 1.0))
            else:
                value = Decimal(100) - Decimal(80) * (m + 1) / 48
            values.append(IndicatorValue(report_id=reports[(indicator.project.department_id, period)], indicator_id=indicator.pk, value=value.quantize(Decimal("0.01"))))
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    rows = []
    for project in projects:
        appropriation = Decimal(rng.randrange(100, 5000)) * 1_000_000
        for m, period in enumerate(periods):
            commitments = (appropriation * Decimal(m % 12 + 1) / 12).quantize(Decimal(1))
            rows.append(ProjectProgress(report_id=reports[(project.department_id, period)], project=project, appropriation=appropriation, commitments=commitments, obligations=commitments, payments=commitments))
    ProjectProgress.objects.bulk_create(rows, batch_size=5000)
    through = ProjectProgress.territories.through
    through.objects.bulk_create([through(projectprogress_id=r.pk, territory_id=territories[i % len(territories)].pk) for i, r in enumerate(ProjectProgress.objects.filter(report__plan=plan).only("pk"))], batch_size=5000)
start = time.perf_counter()
written = figures.rebuild(plan)
seconds = time.perf_counter() - start
print(len(indicators), len(periods), len(projects), written, seconds, departments[0].pk, territories[0].pk)
"""


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: make bench installs it from Debian's packages")
    var = tempfile.mkdtemp(prefix="rinde-bench-plan-")
    env = {
        **os.environ,
        "RINDE_VAR_DIR": var,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
    }
    env.pop("DATABASE_URL", None)
    prepare(env)
    out = subprocess.run(
        [sys.executable, "-c", BUILD], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode:
        print(out.stderr[-3000:])
        return 1
    indicators, months, projects, rows, seconds, department, territory = out.stdout.split()[-7:]
    print(
        f"plan: {indicators} indicators, {projects} projects, {months} approved monthly cuts; "
        f"stored figures rebuilt in {float(seconds):.1f} s ({rows} rows, in the background "
        "after each approval)"
    )
    pages = [
        "/plan/",
        "/plan/linea/1/",
        f"/plan/?dependencia={department}",
        f"/plan/?territorio={territory}",
    ]
    info_only = ["/plan/proyecto/B1.1.1.1/"]
    server = start_server(env, PORT)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for path in [REFERENCE, *pages, *info_only]:
            for _ in range(6):
                urllib.request.urlopen(base + path)  # noqa: S310 - our own local server
        reference = wrk(base + REFERENCE, duration=DURATION)["rate"]
        print(f"{'trivial Django view (reference)':44} {reference:9.0f} req/s")
        for path in [*pages, *info_only]:
            result = wrk(base + path, duration=DURATION)
            if result["errors"]:
                raise SystemExit(f"{path}: {result['errors']} error responses")
            ratio = result["rate"] / reference
            print(
                f"{path + ' (uncached)':44} {result['rate']:9.0f} req/s  ratio {ratio:.2f}  "
                f"p99 {result['p99_ms']:.0f} ms  (information; retired target {RETIRED_RATIO:.2f})"
            )
    finally:
        server.terminate()
        server.wait()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(var, ignore_errors=True)
        else:
            print(f"kept {var}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
