"""Each background task run again after its worker died (core.task_recovery puts it back in
the queue; its context's `attempt` is then 2) finishes the work once, neither stuck nor
doubled. The bulletin's own case is in outreach/tests/test_bulletins.py."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rinde.evaluation.models import EvaluationReport
from rinde.evaluation.tests.test_evaluation import form  # noqa: F401 - a fixture
from rinde.exercises.models import Document
from rinde.exercises.tests.factories import make_exercise
from rinde.outreach.models import ArchiveExport, Deliverable, ExportStatus
from rinde.plan.models import ImportJob
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_structure_sheet import row, xlsx

pytestmark = pytest.mark.django_db


def run(task, attempt: int, *args):
    """Call a task's function as the worker does, on its `attempt`-th run."""
    context = SimpleNamespace(attempt=attempt, task_result=SimpleNamespace(id="result-1"))
    return task.call(context, *args)


def test_an_import_check_interrupted_mid_way_is_checked_again(
    staff_client, planning_user, department, settings
):
    from rinde.plan import tasks

    settings.PLAN_IMPORT_BACKGROUND_ROWS = 1
    make_plan_tree(department)
    staff_client(planning_user).post(
        "/panel/plan/estructura/importar/",
        {"file": SimpleUploadedFile("plan.xlsx", xlsx([row(), row(**{"Código indicador": "x"})]))},
    )
    job = ImportJob.objects.get()
    # The first run marked it checking, then its worker was killed.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.VALIDATING, touched_at=timezone.now() - timedelta(seconds=30)
    )
    assert run(tasks.validate_import, 2, job.pk) == ImportJob.Status.READY
    job.refresh_from_db()
    assert job.processed_rows == job.total_rows == 2


def test_an_import_check_already_running_elsewhere_is_left_alone(
    staff_client, planning_user, department, settings
):
    from rinde.plan import tasks

    settings.PLAN_IMPORT_BACKGROUND_ROWS = 1
    make_plan_tree(department)
    staff_client(planning_user).post(
        "/panel/plan/estructura/importar/",
        {"file": SimpleUploadedFile("plan.xlsx", xlsx([row()]))},
    )
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING)
    # A first run (a duplicate enqueue, not a dead worker's) does not start it over.
    assert run(tasks.validate_import, 1, job.pk) == ImportJob.Status.VALIDATING


def test_an_archive_zip_interrupted_mid_way_is_built_again(entity):
    from rinde.outreach import tasks

    exercise = make_exercise()
    item = Deliverable(exercise=exercise, kind="design", title="Afiche")
    item.file.save("afiche.pdf", ContentFile(b"%PDF-1.4 afiche"), save=False)
    item.save()
    export = ArchiveExport.objects.create(exercise=exercise, status=ExportStatus.BUILDING)
    assert run(tasks.build_archive_zip, 2, export.pk) == ExportStatus.READY
    export.refresh_from_db()
    assert export.items == 1 and export.file


def test_an_evaluation_pdf_committed_by_a_killed_run_is_not_published_twice(
    client,
    staff_client,
    planning_user,
    form,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    from rinde.evaluation import tasks

    staff = staff_client(planning_user)
    staff.post("/panel/evaluacion/informe/2023/")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            "/panel/evaluacion/informe/2023/",
            {"n_intro": "Presentación", "n_evaluation": "Bien", "publish": "1"},
        )
    report = EvaluationReport.objects.get()
    assert report.pdf_status == "done"
    documents = Document.objects.filter(kind="evaluation_report")
    assert documents.count() == 1
    # Its worker died after the commit, before the task was marked done: run again.
    run(tasks.render_report_pdf, 2, report.pk)
    assert documents.count() == 1
