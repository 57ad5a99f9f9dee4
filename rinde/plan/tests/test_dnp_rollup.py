"""Proof 1 of issue 20, its second half: a Plan Indicativo in the DNP layout (tests/sheets.py)
imported through the mapping step as proposed, its 2024 quarters imported from the SAME file
("Ejecutado 2024 · T1…T4", read by the period import at /panel/plan/avance/importar/, also
confirmed as proposed), each department's cuts submitted and approved by planning: the
stored figures and the public pages at December 2024 equal this table, computed by hand
from docs/plan-rules.md.

The sheet (plan_indicativo(7, …)): goal n has baseline n % 7, yearly targets n, n+1, n+2,
n+3, a four-year target 4n + 6 (a formula with its cached value) and n/4 executed in each
quarter; every fourth goal is "Mantenimiento", the others "Incremento" (no accumulation
column: flow). Three goals per project, departments in turn by project. The sheet has no
weight column, so every weight is 1.

| goal | project | dept. | type     | 2024 target | 4-yr target | 2024 reports     | year          | four-year            |
|------|---------|-------|----------|-------------|-------------|------------------|---------------|----------------------|
| M1   | PR1     | Infra | increase | 1           | 10          | 4 × 0.25 = 1     | 1/1 = 1       | 1/10 = 0.1           |
| M2   | PR1     | Infra | increase | 2           | 14          | 4 × 0.5 = 2      | 2/2 = 1       | 2/14 = 0.142857…     |
| M3   | PR1     | Infra | increase | 3           | 18          | 4 × 0.75 = 3     | 3/3 = 1       | 3/18 = 0.166666…     |
| M4   | PR2     | Salud | maintain | 4           | 22          | level 1 each T   | 1/4 = 0.25    | 12 × 0.25 / 48 = 0.0625 |
| M5   | PR2     | Salud | increase | 5           | 26          | 4 × 1.25 = 5     | 5/5 = 1       | 5/26 = 0.192307…     |
| M6   | PR2     | Salud | increase | 6           | 30          | 4 × 1.5 = 6      | 6/6 = 1       | 6/30 = 0.2           |
| M7   | PR3     | Infra | increase | 7           | 34          | 4 × 1.75 = 7     | 7/7 = 1       | 7/34 = 0.205882…     |

(Maintain: the year's last level over the level programmed for the year; its four-year
figure weighs 2024's fulfilment by the 12 months gone out of the plan's 48.)

Roll-up, each level the average of its children (not of all the goals beneath it):
| element              | year                        | four-year                                     |
|----------------------|-----------------------------|-----------------------------------------------|
| PR1 (M1–M3)          | 1                           | (1/10 + 1/7 + 1/6) / 3 = 43/315 = 0.136508    |
| PR2 (M4–M6)          | (0.25 + 1 + 1) / 3 = 0.75   | (1/16 + 5/26 + 1/5) / 3 = 473/3120 = 0.151603 |
| PR3 (M7)             | 1                           | 7/34 = 0.205882                               |
| P1 (PR1, PR2)        | (1 + 0.75) / 2 = 0.875      | (43/315 + 473/3120) / 2 = 0.144055            |
| P2 (PR3)             | 1                           | 0.205882                                      |
| S1 = L1 = plan       | (0.875 + 1) / 2 = 0.9375    | (0.144055… + 0.205882…) / 2 = 0.174969        |
| Infraestructura      | PR1, PR3: 1                 | (43/315 + 7/34) / 2 = 3667/21420 = 0.171195   |
| Salud                | PR2: 0.75                   | 0.151603                                      |
(Averaging the seven goals flat would give a year of 6.25/7 = 0.892857 instead.)

Expected at December 2024 (linear curve): the year 12/12 = 1, the four-year plan 12/48 =
0.25. Lights (red below 0.60, green from 0.80 of the expected): plan year 0.9375 green,
four-year 0.174969/0.25 = 0.70 yellow; Salud's year 0.75 yellow, four-year 0.61 yellow;
Infraestructura's year green, four-year 0.68 yellow; P1's four-year 0.58 and PR1's 0.55
red, PR2's 0.61 yellow.

The 2025 quarters are imported too (same file) but stay drafts: they must not count."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from rinde.plan import services
from rinde.plan.figures import department_scope
from rinde.plan.models import (
    Component,
    ImportJob,
    Indicator,
    Plan,
    PlanFigures,
    Program,
    ProgressReport,
    Project,
    ReportState,
    StrategicLine,
    Trend,
    YearTarget,
)
from rinde.plan.tests.sheets import plan_indicativo

pytestmark = pytest.mark.django_db
DECEMBER = date(2024, 12, 1)


def import_as_proposed(client, url, content):
    """Upload, confirm the proposed column mapping untouched, confirm the import."""
    response = client.post(url, {"file": SimpleUploadedFile("PI 2024-2027.xlsx", content)})
    assert response.status_code == 302 and response.url.endswith("/columnas/"), response
    form = client.get(response.url).context["form"]
    client.post(response.url, {name: form.fields[name].initial for name in form.fields})
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.READY, job.errors
    client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors


def figures_by_code(row: PlanFigures) -> dict[str, tuple]:
    """{code: (year progress, four-year progress, year expected, four-year expected)} of
    every element stored in the row's detail (entry layout: figures._entry)."""
    elements = [
        *(("l", o) for o in StrategicLine.objects.all()),
        *(("c", o) for o in Component.objects.all()),
        *(("g", o) for o in Program.objects.all()),
        *(("p", o) for o in Project.objects.all()),
    ]
    found = {}
    for kind, obj in elements:
        entry = row.detail.get(f"{kind}{obj.pk}")
        if entry is not None:
            found[obj.code] = tuple(Decimal(entry[i]) for i in (5, 0, 6, 4))
    return found


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_dnp_plans_roll_up_at_2024_t4_equals_the_hand_computed_table(
    client, staff_client, planning_user, entity, department, other_department
):
    plan = Plan.objects.create(
        name="Plan 2024-2027",
        start_year=2024,
        end_year=2027,
        is_current=True,
        reporting_frequency="quarterly",
    )
    planner = staff_client(planning_user)
    content = plan_indicativo(7, ["Secretaría de Infraestructura", "Secretaría de Salud"])
    import_as_proposed(planner, "/panel/plan/estructura/importar/", content)
    import_as_proposed(planner, "/panel/plan/avance/importar/", content)

    # The table's premises, as imported.
    goals = {i.code: i for i in Indicator.objects.select_related("project__department")}
    assert {c: (g.project.code, g.project.department.code, g.trend) for c, g in goals.items()} == {
        "M1": ("PR1", "infraestructura", Trend.INCREASE),
        "M2": ("PR1", "infraestructura", Trend.INCREASE),
        "M3": ("PR1", "infraestructura", Trend.INCREASE),
        "M4": ("PR2", "salud", Trend.MAINTAIN),
        "M5": ("PR2", "salud", Trend.INCREASE),
        "M6": ("PR2", "salud", Trend.INCREASE),
        "M7": ("PR3", "infraestructura", Trend.INCREASE),
    }
    assert {c: g.target for c, g in goals.items()} == {
        "M1": 10, "M2": 14, "M3": 18, "M4": 22, "M5": 26, "M6": 30, "M7": 34,
    }  # fmt: skip
    assert not any(g.accumulation for g in goals.values())  # flow
    assert dict(YearTarget.objects.filter(year=2024).values_list("indicator__code", "target")) == {
        f"M{n}": Decimal(n) for n in range(1, 8)
    }
    assert {g.weight for g in goals.values()} == {Decimal(1)}
    assert set(Project.objects.values_list("program__code", "code")) == {
        ("P1", "PR1"),
        ("P1", "PR2"),
        ("P2", "PR3"),
    }
    december = ProgressReport.objects.get(department=other_department, period=DECEMBER)
    assert dict(december.indicator_values.values_list("indicator__code", "value")) == {
        "M4": Decimal("1"),
        "M5": Decimal("1.25"),
        "M6": Decimal("1.5"),
    }

    cuts_2024 = ProgressReport.objects.filter(period__year=2024).order_by("period", "pk")
    assert cuts_2024.count() == 8  # two departments × four quarters
    for report in cuts_2024:
        services.submit_report(report, actor=planning_user)
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.review_report(report, actor=planning_user, approve=True)
    assert ProgressReport.objects.filter(period__year=2025, state=ReportState.DRAFT).count() == 8

    whole = PlanFigures.objects.get(plan=plan, scope="plan", period=DECEMBER)
    assert (whole.year_progress, whole.progress) == (Decimal("0.9375"), Decimal("0.174969"))
    assert (whole.year_expected, whole.expected) == (Decimal(1), Decimal("0.25"))
    expected = (Decimal(1), Decimal("0.25"))
    assert figures_by_code(whole) == {
        "PR1": (Decimal(1), Decimal("0.136508"), *expected),
        "PR2": (Decimal("0.75"), Decimal("0.151603"), *expected),
        "PR3": (Decimal(1), Decimal("0.205882"), *expected),
        "P1": (Decimal("0.875"), Decimal("0.144055"), *expected),
        "P2": (Decimal(1), Decimal("0.205882"), *expected),
        "S1": (Decimal("0.9375"), Decimal("0.174969"), *expected),
        "L1": (Decimal("0.9375"), Decimal("0.174969"), *expected),
    }

    infra = PlanFigures.objects.get(
        plan=plan, scope=department_scope(department.pk), period=DECEMBER
    )
    assert (infra.year_progress, infra.progress) == (Decimal(1), Decimal("0.171195"))
    assert figures_by_code(infra) == {
        "PR1": (Decimal(1), Decimal("0.136508"), *expected),
        "PR3": (Decimal(1), Decimal("0.205882"), *expected),
        "P1": (Decimal(1), Decimal("0.136508"), *expected),
        "P2": (Decimal(1), Decimal("0.205882"), *expected),
        "S1": (Decimal(1), Decimal("0.171195"), *expected),
        "L1": (Decimal(1), Decimal("0.171195"), *expected),
    }
    health = PlanFigures.objects.get(
        plan=plan, scope=department_scope(other_department.pk), period=DECEMBER
    )
    assert (health.year_progress, health.progress) == (Decimal("0.75"), Decimal("0.151603"))
    assert figures_by_code(health) == {
        code: (Decimal("0.75"), Decimal("0.151603"), *expected)
        for code in ("PR2", "P1", "S1", "L1")
    }

    # The public pages show the same figures, rounded to whole percentages, with lights.
    page = text_of(client.get("/plan/").text)
    assert "Avance a diciembre de 2024" in page
    assert "Avance del año 2024 (vigencia) 94 % 94 % Verde" in page
    assert "Avance del cuatrienio 2024–2027 17 % 17 % Amarillo" in page
    assert "Avance esperado a diciembre de 2024: 100 % del año y 25 % del cuatrienio." in page
    assert "L1. Eje 1 94 % 94 % Verde 17 % 17 % Amarillo" in page
    assert "Secretaría de Infraestructura 100 % 100 % Verde 17 % 17 % Amarillo" in page
    assert "Secretaría de Salud 75 % 75 % Amarillo 15 % 15 % Amarillo" in page
    programme = text_of(client.get("/plan/programa/P1/").text)
    # P1's four-year 0.144055 / 0.25 = 0.58 and PR1's 0.136508 / 0.25 = 0.55: red.
    assert "Año: 88 % 88 % Verde · Cuatrienio: 14 % 14 % Rojo" in programme
    assert "PR1. Proyecto 1 Secretaría de Infraestructura 100 % 100 % Verde 14 % 14 % Rojo" in (
        programme
    )
    assert "PR2. Proyecto 2 Secretaría de Salud 75 % 75 % Amarillo 15 % 15 % Amarillo" in programme
