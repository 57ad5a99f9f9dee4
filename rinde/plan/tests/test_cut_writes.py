"""What an import or a saved cut writes, row by row. The rows are written with plain SQL
statements, not model instances (services.py): these tests read back every column, and
check that another cut's rows and territory links are left alone."""

import gc
from datetime import date
from decimal import Decimal

import pytest

from rinde.core.models import AuditEntry
from rinde.plan import import_services, services, spreadsheet
from rinde.plan.models import (
    ImportJob,
    Indicator,
    IndicatorValue,
    ProjectProgress,
    Territory,
)
from rinde.plan.tests.factories import make_plan_tree

pytestmark = pytest.mark.django_db

PROGRESS_FIELDS = (
    "project_id",
    "appropriation",
    "commitments",
    "obligations",
    "payments",
    "achievements",
    "difficulties",
    "evidence_url",
)


def progress_rows(report) -> dict[int, tuple]:
    return {
        row[0]: row[1:]
        for row in ProjectProgress.objects.filter(report=report).values_list(*PROGRESS_FIELDS)
    }


def links(report) -> set[tuple[int, int]]:
    through = ProjectProgress.territories.through
    return set(
        through.objects.filter(projectprogress__report=report).values_list(
            "projectprogress__project_id", "territory_id"
        )
    )


def import_cut(report, actor, values, money) -> ImportJob:
    indicators = list(
        Indicator.objects.filter(project__department=report.department)
        .select_related("project__program__component__line")
        .order_by("project__code", "code")
    )
    data = spreadsheet.write_cut(report.department, indicators, values, money)
    table = spreadsheet.read_table("corte.xlsx", data)
    job = import_services.start_import(
        kind=ImportJob.Kind.CUT,
        plan=report.plan,
        report=report,
        actor=actor,
        filename="corte.xlsx",
        data=data,
        table=table,
    )
    job = import_services.validate_import(job, table=table)
    assert job.status == ImportJob.Status.READY, job.errors
    return import_services.queue_apply(job, actor=actor)


@pytest.fixture
def projects(department):
    first = make_plan_tree(department, code="1").project
    Indicator.objects.create(
        project=first, code=f"{first.code}.2", name="Vías", unit="km", target=Decimal(10)
    )
    second = make_plan_tree(department, code="2").project
    third = make_plan_tree(department, code="3").project
    return first, second, third


def other_month(first, second, period, actor, comuna, rural):
    report = services.start_report(
        plan=first.program.component.line.plan,
        department=first.department,
        period=period,
        actor=actor,
    )
    other = {"appropriation": Decimal(9), "commitments": Decimal(8), "territories": [rural]}
    services.save_report(
        report,
        actor=actor,
        values={first.indicators.first().pk: Decimal(7)},
        finances={first.pk: dict(other), second.pk: {**other, "territories": [comuna]}},
    )
    return report


def test_an_import_writes_every_row_of_its_cut_and_nothing_else(officer_user, department, projects):
    first, second, third = projects
    plan = first.program.component.line.plan
    comuna = Territory.objects.create(name="Comuna 1", kind=Territory.Kind.COMUNA)
    rural = Territory.objects.create(name="Corregimiento 2", kind=Territory.Kind.CORREGIMIENTO)
    # Other months of the same department, one opened before the imported cut, one after.
    october = other_month(first, second, date(2023, 10, 1), officer_user, comuna, rural)
    report = services.start_report(
        plan=plan, department=department, period=date(2023, 12, 1), actor=officer_user
    )
    november = other_month(first, second, date(2023, 11, 1), officer_user, comuna, rural)
    before = {month: (progress_rows(month), links(month)) for month in (october, november)}
    # Typed on screen before the import: the narrative and territories must survive it.
    services.save_report(
        report,
        actor=officer_user,
        values={},
        finances={
            second.pk: {
                "achievements": "Obra entregada",
                "difficulties": "Lluvias",
                "evidence_url": "https://example.org/actas",
                "territories": [comuna, rural],
            },
            third.pk: {"payments": Decimal(0)},
        },
    )
    one, two = first.indicators.order_by("code")
    values = {
        one.pk: Decimal("12.25"),
        two.pk: None,
        second.indicators.get().pk: Decimal("0.0625"),
        third.indicators.get().pk: Decimal(3),
    }
    money = {
        first.pk: (Decimal(1_500_000_000), Decimal(600_000_000), Decimal(1), Decimal("0.50")),
        second.pk: (Decimal("10.75"), Decimal("10.75"), Decimal("2.25"), Decimal(0)),
        third.pk: (Decimal(5), Decimal(4), Decimal(3), Decimal(2)),
    }

    job = import_cut(report, officer_user, values, money)

    assert job.status == ImportJob.Status.DONE, job.errors
    assert gc.isenabled()
    written = dict(
        IndicatorValue.objects.filter(report=report).values_list("indicator_id", "value")
    )
    assert written == {pk: v for pk, v in values.items() if v is not None}
    assert all(type(v) is Decimal for v in written.values())
    assert progress_rows(report) == {
        first.pk: (*money[first.pk], "", "", ""),
        second.pk: (*money[second.pk], "Obra entregada", "Lluvias", "https://example.org/actas"),
        third.pk: (*money[third.pk], "", "", ""),
    }
    assert links(report) == {(second.pk, comuna.pk), (second.pk, rural.pk)}
    for month in (october, november):
        assert (progress_rows(month), links(month)) == before[month]
        assert len(before[month][0]) == len(before[month][1]) == 2
        assert IndicatorValue.objects.filter(report=month).count() == 1
    entry = AuditEntry.objects.get(action="plan.report.import")
    assert entry.target_id == str(report.pk)
    assert entry.changes == {"file": "corte.xlsx", "indicators": 4, "projects": 3}

    # Imported again with other figures, the cut's rows are replaced, not added to.
    values[two.pk] = Decimal(1)
    money[third.pk] = (Decimal(50), Decimal(40), Decimal(30), Decimal(20))
    assert import_cut(report, officer_user, values, money).status == ImportJob.Status.DONE
    written = dict(
        IndicatorValue.objects.filter(report=report).values_list("indicator_id", "value")
    )
    assert written == values
    assert progress_rows(report)[third.pk] == (*money[third.pk], "", "", "")
    assert ProjectProgress.objects.filter(report=report).count() == 3
    assert links(report) == {(second.pk, comuna.pk), (second.pk, rural.pk)}
    assert AuditEntry.objects.filter(action="plan.report.import").count() == 2


def test_a_saved_cut_fills_left_out_fields_with_their_defaults(officer_user, department, projects):
    first, _second, _third = projects
    report = services.start_report(
        plan=first.program.component.line.plan,
        department=department,
        period=date(2023, 12, 1),
        actor=officer_user,
    )
    # An int is stored as the Decimal the field makes of it, never through a float.
    services.save_report(
        report, actor=officer_user, values={}, finances={first.pk: {"appropriation": 100}}
    )
    row = ProjectProgress.objects.get(report=report)
    assert (row.appropriation, row.commitments, row.payments) == (Decimal(100), 0, 0)
    assert (row.achievements, row.evidence_url) == ("", "")
    with pytest.raises(TypeError, match="apropiacion"):
        services.save_report(
            report, actor=officer_user, values={}, finances={first.pk: {"apropiacion": 1}}
        )


def test_the_cycle_collector_resumes_after_a_check_or_a_write_even_when_it_fails():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), import_services.collector_paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()
    gc.disable()
    try:
        with import_services.collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
