"""Large files: validated and applied by background tasks (ImmediateBackend in tests) while
the status page shows progress."""

import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from rinde.accounts.models import Role
from rinde.accounts.tests.factories import make_user
from rinde.plan import import_services, services
from rinde.plan.models import ImportJob, Indicator
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_structure_sheet import HEADERS, row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.PLAN_IMPORT_BACKGROUND_ROWS = 1


def test_a_large_structure_file_is_checked_in_the_background_then_confirmed(
    staff_client, planning_user, department, django_capture_on_commit_callbacks
):
    make_plan_tree(department)
    client = staff_client(planning_user)
    content = xlsx([row(), row(**{"Código indicador": "P-9.2"})])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/panel/plan/estructura/importar/", {"file": SimpleUploadedFile("plan.xlsx", content)}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/panel/plan/importaciones/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows) == (ImportJob.Status.READY, 2, 2)
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'hx-trigger="every 2s"' not in page.text
    assert "Confirmar la importación" in page.text
    assert not Indicator.objects.filter(code__startswith="P-9").exists()
    confirmed = client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Indicator.objects.filter(code__startswith="P-9").count() == 2
    assert "Importación aplicada" in client.get(confirmed.url).text


def test_the_status_page_polls_itself_and_shows_progress_while_it_runs(
    staff_client, planning_user, department
):
    make_plan_tree(department)
    client = staff_client(planning_user)
    client.post(
        "/panel/plan/estructura/importar/",
        {"file": SimpleUploadedFile("plan.xlsx", xlsx([row(), row(**{"Código indicador": "x"})]))},
    )
    job = ImportJob.objects.get()  # queued: the task runs only after commit
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, processed_rows=1)
    page = client.get(f"/panel/plan/importaciones/{job.pk}/")
    assert 'hx-trigger="every 2s"' in page.text  # polled by htmx…
    assert (
        f'href="/panel/plan/importaciones/{job.pk}/">Actualizar el avance' in page.text
    )  # …or by hand
    assert "Revisadas 1 de 2 filas" in page.text
    assert '<progress id="job-progress" max="100" value="50">' in page.text
    assert "Confirmar la importación" not in page.text


def test_a_large_cut_with_errors_fails_in_the_background_and_lists_them(
    staff_client, officer_user, department, django_capture_on_commit_callbacks
):
    indicator = make_plan_tree(department)
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    header = "Código proyecto;Código indicador;Ejecutado en el mes;Apropiación;Compromisos;Obligaciones;Pagos\n"
    text = header + f"{indicator.project.code};{indicator.code};doce;1;0;0;0\n;nada;1;0;0;0;0\n"
    client = staff_client(officer_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/panel/plan/cortes/{report.pk}/importar/",
            {"file": SimpleUploadedFile("corte.csv", text.encode())},
        )
    job = ImportJob.objects.get()
    assert response.url == f"/panel/plan/importaciones/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert [e[:2] for e in job.errors] == [[2, "Ejecutado en el mes"], [3, "Código indicador"]]
    page = client.get(response.url)
    assert "no se importó nada" in page.text and "«doce» no es un número" in page.text
    assert client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/").status_code == 302
    assert not report.indicator_values.exists()


def test_a_large_cut_is_applied_in_the_background(
    staff_client, officer_user, department, django_capture_on_commit_callbacks
):
    indicator = make_plan_tree(department)
    second = indicator.project.indicators.create(code="x2", name="Otro", unit="u", target=5)
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    p = indicator.project.code
    text = "Código proyecto;Código indicador;Ejecutado en el mes;Apropiación;Compromisos;Obligaciones;Pagos\n"
    text += f"{p};{indicator.code};3;100;50;10;10\n{p};x2;4;100;50;10;10\n"
    client = staff_client(officer_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/panel/plan/cortes/{report.pk}/importar/",
            {"file": SimpleUploadedFile("corte.csv", text.encode())},
        )
    job = ImportJob.objects.get()
    client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert dict(report.indicator_values.values_list("indicator_id", "value")) == {
        indicator.pk: Decimal(3),
        second.pk: Decimal(4),
    }


def test_an_import_is_visible_only_to_its_author_and_planning(
    staff_client, officer_user, planning_user, department, other_department
):
    indicator = make_plan_tree(department)
    plan = indicator.project.program.component.line.plan
    report = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.CUT,
        plan=plan,
        report=report,
        created_by=officer_user,
        filename="corte.csv",
        file="plan/x.csv",
    )
    url = f"/panel/plan/importaciones/{job.pk}/"
    stranger = make_user(Role.OFFICER, username="otro", departments=[other_department])
    assert staff_client(stranger).get(url).status_code == 404
    assert staff_client(planning_user).get(url).status_code == 200
    assert staff_client(planning_user).post(f"{url}confirmar/").status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED  # only its author confirms
    assert staff_client(officer_user).post(url).status_code == 405


def test_a_job_is_confirmed_once_even_if_the_button_is_pressed_twice(
    staff_client, planning_user, department, django_capture_on_commit_callbacks
):
    make_plan_tree(department)
    client = staff_client(planning_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/panel/plan/estructura/importar/",
            {
                "file": SimpleUploadedFile(
                    "plan.xlsx", xlsx([row(), row(**{"Código indicador": "y"})])
                )
            },
        )
    job = ImportJob.objects.get()
    import_services.queue_apply(job, actor=planning_user)
    with pytest.raises(ValidationError):
        import_services.queue_apply(job, actor=planning_user)
    assert Indicator.objects.filter(code__in=["P-9.1", "y"]).count() == 2
    assert client.post(f"/panel/plan/importaciones/{job.pk}/confirmar/").status_code == 302


def test_an_uploaded_spreadsheet_is_kept_where_no_public_address_serves_it(
    client, staff_client, planning_user, department, django_capture_on_commit_callbacks
):
    make_plan_tree(department)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client(planning_user).post(
            "/panel/plan/estructura/importar/",
            {"file": SimpleUploadedFile("plan.xlsx", xlsx([row()]))},
        )
    stored = ImportJob.objects.get().file
    path = Path(stored.path)
    assert path.is_file()
    assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    with pytest.raises(ValueError):
        stored.url  # noqa: B018 - a private file has no address
    assert client.get(f"/media/{stored.name}").status_code == 404


def test_a_job_left_by_a_dead_worker_says_so_and_a_late_worker_leaves_it_alone(
    staff_client, planning_user, department
):
    make_plan_tree(department)
    client = staff_client(planning_user)
    # Queued for the background (threshold 1 row), but no worker runs in this test.
    client.post(
        "/panel/plan/estructura/importar/",
        {"file": SimpleUploadedFile("plan.xlsx", xlsx([row(), row(**{"Código indicador": "x"})]))},
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    page = client.get(f"/panel/plan/importaciones/{job.pk}/")
    assert 'hx-trigger="every 2s"' in page.text  # recent: still waiting for its worker
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.VALIDATING, touched_at=timezone.now() - timedelta(minutes=31)
    )
    page = client.get(f"/panel/plan/importaciones/{job.pk}/")
    assert "se detuvo antes de terminar" in page.text and "No se importó nada" in page.text
    assert 'hx-trigger="every 2s"' not in page.text
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    # The worker comes back and runs the task: the job stays failed, nothing is imported.
    assert import_services.validate_import(job).status == ImportJob.Status.FAILED
    assert not Indicator.objects.filter(code="x").exists()
    # The periodic command does the same for jobs nobody is watching.
    other = ImportJob.objects.create(
        kind=job.kind,
        plan=job.plan,
        created_by=planning_user,
        filename="otro.xlsx",
        status=ImportJob.Status.APPLYING,
        touched_at=timezone.now() - timedelta(hours=2),
    )
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "stalled imports marked failed: 1" in out.getvalue()
    other.refresh_from_db()
    assert other.status == ImportJob.Status.FAILED


def test_a_large_file_waits_for_its_columns_then_is_checked_in_the_background(
    staff_client, planning_user, department, django_capture_on_commit_callbacks
):
    make_plan_tree(department)
    client = staff_client(planning_user)
    content = xlsx(
        [row() + ["a"], row(**{"Código indicador": "P-9.2"}) + ["b"]], [*HEADERS, "Notas"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/panel/plan/estructura/importar/", {"file": SimpleUploadedFile("plan.xlsx", content)}
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.MAPPING  # nothing queued before the columns
    assert "Asignar las columnas" in client.get(f"/panel/plan/importaciones/{job.pk}/").text
    form = client.get(response.url).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {n: form.fields[n].initial for n in form.fields})
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.total_rows) == (ImportJob.Status.READY, 2, 2)
