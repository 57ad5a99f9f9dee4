"""The entity key on the plan's models (docs/tenancy.md, steps 2 and 3): each entity has
its own plans, territories and saved column layouts under the same natural keys, a new row
takes the active entity, and the bulk writes of a cut and of the stored figures give every
row the plan's entity, once, whatever entity is active."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from rinde.entity import scoping
from rinde.entity.tests.factories import make_entity
from rinde.plan import figures, plans, services
from rinde.plan.models import (
    ColumnMapping,
    ImportJob,
    IndicatorValue,
    Plan,
    PlanFigures,
    Territory,
)
from rinde.plan.tests import sheets
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_structure_sheet import HEADERS, indicator, row  # noqa: F401

pytestmark = pytest.mark.django_db

DEC = date(2023, 12, 1)
IMPORT_URL = "/panel/plan/estructura/importar/"


@pytest.fixture
def other_entity(entity):
    return make_entity(name="Alcaldía de Envigado", short_name="Envigado")


def test_two_entities_each_hold_the_same_plan_slug_and_their_own_vigente_plan(entity, other_entity):
    for owner in (entity, other_entity):
        Plan.objects.create(
            entity=owner, name="Plan", start_year=2024, end_year=2027, is_current=True
        )
    assert Plan.objects.across_entities().filter(slug="2024-2027", is_current=True).count() == 2


def test_within_one_entity_a_plan_slug_and_the_vigente_plan_stay_unique(entity):
    Plan.objects.create(entity=entity, name="Plan", start_year=2024, end_year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(entity=entity, name="Otro", start_year=2024, end_year=2027)
    Plan.objects.create(entity=entity, name="A", start_year=2016, end_year=2019, is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            entity=entity, name="B", start_year=2020, end_year=2023, is_current=True
        )


def test_two_entities_each_hold_the_same_territory_and_column_layout(entity, other_entity):
    for owner in (entity, other_entity):
        Territory.objects.create(entity=owner, name="Comuna 1", kind=Territory.Kind.COMUNA)
        ColumnMapping.objects.create(entity=owner, kind=ImportJob.Kind.CUT, signature="a" * 64)
    assert Territory.objects.across_entities().filter(name="Comuna 1").count() == 2
    assert ColumnMapping.objects.across_entities().filter(signature="a" * 64).count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Territory.objects.create(entity=entity, name="Comuna 1", kind=Territory.Kind.COMUNA)


def test_a_row_created_with_an_entity_active_belongs_to_it(entity, other_entity):
    with scoping.activate(other_entity):
        plan = Plan.objects.create(name="Plan", start_year=2024, end_year=2027)
        territory = Territory.objects.create(name="Comuna 1", kind=Territory.Kind.COMUNA)
        mapping = ColumnMapping.objects.create(kind=ImportJob.Kind.CUT, signature="b" * 64)
    assert plan.entity == territory.entity == mapping.entity == other_entity
    # With none active, the installation's entity: the first one.
    assert Plan.objects.create(name="P", start_year=2020, end_year=2023).entity == entity


def test_making_a_plan_vigente_leaves_other_entities_vigente_plans_alone(
    entity, other_entity, planning_user
):
    theirs = Plan.objects.create(
        entity=other_entity, name="Suyo", start_year=2024, end_year=2027, is_current=True
    )
    old = Plan.objects.create(
        entity=entity, name="Anterior", start_year=2020, end_year=2023, is_current=True
    )
    new = Plan.objects.create(entity=entity, name="Nuevo", start_year=2024, end_year=2027)
    with scoping.activate(entity):
        plans.switch_current(new, actor=planning_user)
    theirs.refresh_from_db()
    old.refresh_from_db()
    assert (theirs.is_current, old.is_current, new.is_current) == (True, False, True)


def test_the_years_of_another_entity_s_plan_do_not_block_a_new_plan(
    entity, other_entity, planning_user
):
    Plan.objects.create(entity=other_entity, name="Suyo", start_year=2024, end_year=2027)
    with scoping.activate(entity):
        plan, _created = plans.save_plan(
            Plan(entity=entity),
            {"name": "Nuestro", "start_year": 2024, "end_year": 2027},
            actor=planning_user,
            make_current=False,
            new_departments=[],
        )
    assert (plan.slug, plan.entity) == ("2024-2027", entity)
    with (
        scoping.activate(entity),
        pytest.raises(ValidationError, match="Ya hay un plan con los años 2024-2027"),
    ):
        plans.save_plan(
            Plan(entity=entity),
            {"name": "Repetido", "start_year": 2024, "end_year": 2027},
            actor=planning_user,
            make_current=False,
            new_departments=[],
        )


def _save_cut(indicators, officer, *, period=DEC):
    plan = indicators[0].plan
    report = services.start_report(
        plan=plan, department=indicators[0].project.department, period=period, actor=officer
    )
    services.save_report(
        report, actor=officer, values={i.pk: Decimal(10) for i in indicators}, finances={}
    )
    return report


def test_a_cut_s_values_take_the_plan_s_entity(entity, other_entity, department, officer_user):
    goal = make_plan_tree(department)
    with scoping.activate(entity):
        report = _save_cut([goal], officer_user)
    assert report.indicator_values.across_entities().get().entity == entity


def test_a_cut_s_values_are_written_without_a_query_per_value(entity, department, officer_user):
    """The import writes up to 20,000 values in one executemany: the key must not add a
    query (or a cache read) per row."""
    indicators = [make_plan_tree(department, code=str(n)) for n in range(1, 6)]

    def queries_to_save(chosen, period):
        with CaptureQueriesContext(connection) as queries:
            _save_cut(chosen, officer_user, period=period)
        return len(queries)

    queries_to_save(indicators[:1], date(2023, 10, 1))  # the plan and content type, read once
    one = queries_to_save(indicators[:1], date(2023, 11, 1))
    five = queries_to_save(indicators, DEC)
    assert one == five
    assert set(IndicatorValue.objects.across_entities().values_list("entity", flat=True)) == {
        entity.pk
    }


def test_a_correction_and_the_stored_figures_take_the_plan_s_entity(
    entity, other_entity, department, officer_user, planning_user
):
    goal = make_plan_tree(department)
    with scoping.activate(entity):
        report = _save_cut([goal], officer_user)
        services.submit_report(report, actor=officer_user)
        with TestCase.captureOnCommitCallbacks(execute=True):
            report = services.review_report(report, actor=planning_user, approve=True)
    with scoping.activate(entity):
        correction = services.correct_report(report, actor=officer_user, reason="Mal contado")
        figures.rebuild(goal.plan)
    assert correction.indicator_values.across_entities().get().entity == entity
    assert PlanFigures.objects.across_entities().exists()
    assert set(PlanFigures.objects.across_entities().values_list("entity", flat=True)) == {
        entity.pk
    }


def test_a_confirmed_column_layout_is_kept_for_the_plan_s_entity_only(
    staff_client,
    planning_user,
    other_entity,
    indicator,  # noqa: F811
):
    """The layout is saved under the entity of the job's plan; another entity's layout
    for the same titles is never applied."""
    titles = [("Nombre corto" if h == "Indicador" else h) for h in HEADERS]
    content = sheets.workbook([titles, row()])
    client = staff_client(planning_user)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.xlsx", content)})
    form = client.get(response.url).context["form"]
    data = {n: form.fields[n].initial for n in form.fields}
    name_field = next(n for n in form.fields if form.fields[n].label == "Indicador")
    client.post(response.url, {**data, name_field: str(titles.index("Nombre corto"))})
    saved = ColumnMapping.objects.across_entities().get()
    assert saved.entity == indicator.plan.entity
    ImportJob.objects.all().delete()
    ColumnMapping.objects.across_entities().filter(pk=saved.pk).update(entity=other_entity)
    again = client.post(IMPORT_URL, {"file": SimpleUploadedFile("b.xlsx", content)})
    assert again.status_code == 302 and again.url.endswith("/columnas/")  # asked again


BEFORE = [("plan", "0012_reader_import_mapping")]
AFTER = [("plan", "0014_entity_key_required")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_migrating_files_every_row_under_the_installation_s_entity():
    """Run the real migrations on rows stored before them (on PostgreSQL too: the fill's
    UPDATE and the NOT NULL are in separate migrations)."""
    entity = make_entity()
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        old.get_model("plan", "Plan").objects.create(
            name="Plan", start_year=2024, end_year=2027, slug="2024-2027", is_current=True
        )
        old.get_model("plan", "Territory").objects.create(name="Comuna 1", kind="comuna")
        old.get_model("plan", "ColumnMapping").objects.create(kind="cut", signature="c" * 64)
    finally:
        _migrate(AFTER)
    for model in (Plan, Territory, ColumnMapping):
        assert model.objects.get().entity == entity


def test_django_admin_refuses_a_repeated_territory_or_plan_address_in_spanish(
    staff_client, admin_user, entity, other_entity
):
    """The unique rules name the entity, which admin's form does not carry: a duplicate
    is refused on the form, not by the database (a 500)."""
    Territory.objects.create(entity=other_entity, name="Comuna 1", kind="comuna")
    Plan.objects.create(entity=other_entity, name="Suyo", start_year=2024, end_year=2027)
    client = staff_client(admin_user)
    territory = {"name": "Comuna 1", "kind": "comuna", "kind_other": ""}
    url = "/panel/admin/plan/territory/add/"
    assert client.post(url, territory).status_code == 302  # the other entity's is no bar
    repeated = client.post(url, territory)
    assert repeated.status_code == 200
    assert "Ya hay un territorio de este tipo con este nombre." in repeated.text
    plan = {
        "name": "Nuestro",
        "start_year": "2024",
        "end_year": "2027",
        "slug": "2024-2027",
        "adopting_act": "",
        "reporting_frequency": "monthly",
        "light_red_below": "0,60",
        "light_green_from": "0,80",
        "start_month": "1",
        "expected_curve": "linear",
        "level_names": "{}",
    }
    assert client.post("/panel/admin/plan/plan/add/", plan).status_code == 302
    repeated = client.post("/panel/admin/plan/plan/add/", {**plan, "name": "Otro"})
    assert repeated.status_code == 200
    assert "Ya hay un plan con esta dirección." in repeated.text


def test_before_the_entity_is_set_up_a_new_plan_is_refused_in_spanish(staff_client, planning_user):
    """No entity to file it under: a message, not the database's refusal (a 500)."""
    response = staff_client(planning_user).post(
        "/panel/plan/planes/nuevo/",
        {
            "name": "Plan",
            "start_year": "2024",
            "end_year": "2027",
            "adopting_act": "",
            "reporting_frequency": "monthly",
            "light_red_below": "0.60",
            "light_green_from": "0.80",
        },
    )
    assert response.status_code == 400
    assert "Registre primero los datos de la entidad." in response.text
    assert not Plan.objects.across_entities().exists()
