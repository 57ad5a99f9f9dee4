"""Item 5 of issue 20, the import side: one file with every department's progress for
several past periods becomes one draft cut per department and period."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rinde.plan import services
from rinde.plan.importing.periods import period_of
from rinde.plan.models import ImportJob, ProgressReport, ReportState
from rinde.plan.tests import sheets
from rinde.plan.tests.factories import make_plan_tree

pytestmark = pytest.mark.django_db
URL = "/panel/plan/avance/importar/"


@pytest.fixture
def goals(department, other_department):
    return make_plan_tree(department, code="1"), make_plan_tree(other_department, code="2")


def header():
    return [
        ["Seguimiento al Plan Indicativo", None, None, None, None],
        ["Código meta", "Meta de producto", "Ejecutado 2022", None, "Observaciones"],
        [None, None, "T1", "T2", None],
    ]


def confirm_proposal(client, response):
    assert response.status_code == 302 and response.url.endswith("/columnas/"), response
    form = client.get(response.url).context["form"]
    return client.post(response.url, {n: form.fields[n].initial for n in form.fields})


def test_the_period_of_a_column_is_the_last_month_it_covers():
    assert period_of(2024, 1) == date(2024, 3, 1)
    assert period_of(2024, 4) == date(2024, 12, 1)
    assert period_of(2024, None) == date(2024, 12, 1)


def test_every_departments_quarters_become_one_draft_cut_per_department_and_period(
    staff_client, planning_user, goals
):
    mine, theirs = goals
    rows = [*header(), [mine.code, "x", 2, "=1+2", "nota"], [theirs.code, "y", 5, None, ""]]
    content = sheets.workbook(rows, merges=("C2:D2", "A2:A3", "B2:B3", "E2:E3"), cached={"D4": 3})
    client = staff_client(planning_user)
    response = client.post(URL, {"file": SimpleUploadedFile("avance.xlsx", content)})
    done = confirm_proposal(client, response)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY, job.errors
    page = client.get(done.url)
    assert [c[:3] for c in page.context["job"].summary["cuts"]] == [
        [mine.project.department.name, "2022-03-01", 1],
        [theirs.project.department.name, "2022-03-01", 1],
        [mine.project.department.name, "2022-06-01", 1],
    ]
    client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    cuts = {
        (r.department.code, r.period): (
            r.state,
            dict(r.indicator_values.values_list("indicator__code", "value")),
        )
        for r in ProgressReport.objects.select_related("department")
    }
    assert cuts == {
        ("infraestructura", date(2022, 3, 1)): (ReportState.DRAFT, {mine.code: Decimal(2)}),
        ("infraestructura", date(2022, 6, 1)): (ReportState.DRAFT, {mine.code: Decimal(3)}),
        ("salud", date(2022, 3, 1)): (ReportState.DRAFT, {theirs.code: Decimal(5)}),
    }


def test_an_approved_cut_is_not_replaced_from_a_file(
    staff_client, planning_user, goals, department
):
    mine, _theirs = goals
    plan = mine.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=department, period=date(2022, 3, 1), actor=planning_user
    )
    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.APPROVED)
    rows = [*header(), [mine.code, "x", 2, 3, ""]]
    content = sheets.workbook(rows, merges=("C2:D2", "A2:A3", "B2:B3", "E2:E3"))
    client = staff_client(planning_user)
    response = client.post(URL, {"file": SimpleUploadedFile("a.xlsx", content)})
    confirm_proposal(client, response)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "2022-03" in job.errors[0][2] and "no se puede reemplazar" in job.errors[0][2]
    assert not report.indicator_values.exists()


def test_only_planning_imports_every_departments_progress(staff_client, officer_user, goals):
    response = staff_client(officer_user).get(URL)
    assert response.status_code == 403
