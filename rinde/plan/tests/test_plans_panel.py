"""One plan after another (issue 20, item 6): stable addresses, one vigente, codes unique
within a plan, and plans created with their departments from the panel."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from rinde.core.models import AuditEntry
from rinde.entity.models import Department
from rinde.plan import plans
from rinde.plan.models import Component, Plan, Program, Project, ReportingFrequency, StrategicLine
from rinde.plan.tests.factories import make_plan_tree
from rinde.plan.tests.test_workflow import publish

pytestmark = pytest.mark.django_db

NEW_PLAN = {
    "name": "Itagüí avanza",
    "start_year": "2024",
    "end_year": "2027",
    "adopting_act": "Acuerdo 5 de 2024",
    "reporting_frequency": "quarterly",
    "light_red_below": "0.50",
    "light_green_from": "0.75",
    "make_current": "on",
    "new_departments": "Secretaría de Movilidad\nSecretaría de Salud\n\nsecretaría de movilidad",
}


@pytest.fixture
def old_indicator(department, officer_user, planning_user):
    indicator = make_plan_tree(department)
    publish(indicator, officer_user, planning_user, 45)
    return indicator


def test_planning_creates_a_plan_and_its_departments_from_the_panel(
    staff_client, planning_user, other_department, entity
):
    """Before: a plan and its departments could be created only in Django admin."""
    client = staff_client(planning_user)
    assert client.get("/panel/plan/planes/nuevo/").status_code == 200
    response = client.post("/panel/plan/planes/nuevo/", NEW_PLAN)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.slug, plan.is_current, plan.reporting_frequency) == (
        "2024-2027",
        True,
        ReportingFrequency.QUARTERLY,
    )
    assert plan.adopting_act == "Acuerdo 5 de 2024"
    # Salud existed (other_department); Movilidad is created once.
    assert list(Department.objects.order_by("name").values_list("name", flat=True)) == [
        "Secretaría de Movilidad",
        "Secretaría de Salud",
    ]
    entry = AuditEntry.objects.get(action="plan.plan.create")
    assert entry.changes["departments"] == ["Secretaría de Movilidad"]
    assert "Itagüí avanza" in client.get("/panel/plan/planes/").text


def test_the_years_of_an_existing_plan_cannot_change(staff_client, planning_user, old_indicator):
    plan = old_indicator.plan
    client = staff_client(planning_user)
    response = client.post(
        f"/panel/plan/planes/{plan.pk}/",
        {**NEW_PLAN, "start_year": "2030", "end_year": "2033", "make_current": ""},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.start_year, plan.slug, plan.name) == (2020, "2020-2023", "Itagüí avanza")
    # It has cuts: its frequency is fixed too.
    assert plan.reporting_frequency == ReportingFrequency.MONTHLY


def test_editing_a_plan_records_each_changed_field_before_and_after(
    staff_client, planning_user, old_indicator
):
    plan = old_indicator.plan
    old_name, old_act = plan.name, plan.adopting_act
    response = staff_client(planning_user).post(
        f"/panel/plan/planes/{plan.pk}/", {**NEW_PLAN, "make_current": ""}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="plan.plan.edit")
    assert entry.changes["adopting_act"] == [old_act, "Acuerdo 5 de 2024"]
    assert (entry.changes["name"], entry.changes["previous_name"]) == ("Itagüí avanza", old_name)
    # The years are fixed once the plan exists: not a change.
    assert "start_year" not in entry.changes and entry.changes["years"] == "2020-2023"


def test_two_plans_with_the_same_years_are_refused_with_a_message(
    staff_client, planning_user, old_indicator
):
    response = staff_client(planning_user).post(
        "/panel/plan/planes/nuevo/", {**NEW_PLAN, "start_year": "2020", "end_year": "2023"}
    )
    assert response.status_code == 400
    assert "Ya hay un plan con los años 2020-2023" in response.text
    assert Plan.objects.count() == 1


def test_a_second_plan_keeps_the_first_plans_pages_reachable(
    client, staff_client, entity, planning_user, old_indicator, department
):
    """Before: adding a second plan made the 2020–2023 plan's pages unreachable."""
    assert "Plan de prueba" in client.get("/plan/").text  # now in the public page cache
    staff_client(planning_user).post("/panel/plan/planes/nuevo/", NEW_PLAN)
    client.logout()
    new = Plan.objects.get(slug="2024-2027")
    assert new.is_current
    # The new plan numbers its tree as the old one did (codes unique within a plan).
    new_indicator = make_plan_tree(department)
    assert new_indicator.plan == new and new_indicator.code == old_indicator.code
    old_project = old_indicator.project
    for path in (
        "/plan/2020-2023/",
        "/plan/2020-2023/linea/1/",
        f"/plan/2020-2023/programa/{old_project.program.code}/",
        f"/plan/2020-2023/proyecto/{old_project.code}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "ya no está vigente" in response.text
    assert "45 %" in client.get("/plan/2020-2023/").text
    # The old project's page shows the old project, not the new one with the same code.
    assert old_project.name in client.get(f"/plan/2020-2023/proyecto/{old_project.code}/").text
    # /plan/ is the vigente plan, listing the others with their own addresses.
    current = client.get("/plan/").text
    assert "Itagüí avanza" in current
    assert 'href="/plan/2020-2023/"' in current
    assert client.get("/plan/2024-2027/").status_code == 200
    assert client.get("/plan/2016-2019/").status_code == 404


def test_links_inside_a_plan_stay_in_that_plan(client, entity, old_indicator, department):
    Plan.objects.create(name="Nuevo", start_year=2024, end_year=2027)  # not vigente
    html = client.get("/plan/2020-2023/").text
    assert 'href="/plan/2020-2023/linea/1/?mes=2023-12"' in html


def test_only_one_plan_is_vigente(staff_client, planning_user, old_indicator):
    """Before: two plans could be «vigente» at once."""
    old = old_indicator.plan
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(name="Otro", start_year=2024, end_year=2027, is_current=True)
    new = Plan.objects.create(name="Otro", start_year=2024, end_year=2027)
    assert not new.is_current
    response = staff_client(planning_user).post(f"/panel/plan/planes/{new.pk}/vigente/")
    assert response.status_code == 302
    assert list(Plan.objects.filter(is_current=True)) == [new]
    entry = AuditEntry.objects.get(action="plan.plan.current")
    assert entry.changes == {"previous": [str(old)]}


def test_codes_are_unique_within_a_plan_not_across_plans(department):
    """Before: project and indicator codes were unique across every plan."""
    indicator = make_plan_tree(department)
    project = indicator.project
    other = Plan.objects.create(name="Otro", start_year=2024, end_year=2027)
    line = StrategicLine.objects.create(plan=other, code="1", name="L")
    component = Component.objects.create(line=line, code="1.1", name="C")
    program = Program.objects.create(component=component, code="1.1.1", name="P")
    same = Project.objects.create(
        program=program, code=project.code, name="Mismo código", department=department
    )
    assert same.plan == other
    twin = same.indicators.create(code=indicator.code, name="I", unit="u", target=1)
    assert twin.plan == other
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(
            program=indicator.project.program, code=project.code, name="X", department=department
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        project.indicators.create(code=indicator.code, name="I", unit="u", target=1)


def test_the_sitemap_and_the_site_map_list_every_plan(client, entity, old_indicator):
    Plan.objects.create(name="Siguiente", start_year=2024, end_year=2027)
    sitemap = client.get("/sitemap.xml").text
    project = old_indicator.project
    for path in (
        "/plan/2020-2023/",
        "/plan/2024-2027/",
        "/plan/2020-2023/linea/1/",
        f"/plan/2020-2023/programa/{project.program.code}/",
        f"/plan/2020-2023/proyecto/{project.code}/",
    ):
        assert f"{path}</loc>" in sitemap, path
    site_map = client.get("/mapa-del-sitio/").text
    assert 'href="/plan/2020-2023/"' in site_map and 'href="/plan/2024-2027/"' in site_map


def test_public_plans_picks_by_slug_or_the_vigente_one_in_one_query(
    old_indicator, django_assert_num_queries
):
    Plan.objects.create(name="Siguiente", start_year=2024, end_year=2027)
    with django_assert_num_queries(1):
        plan, every = plans.public_plans(None)
    assert plan.slug == "2020-2023" and [p.slug for p in every] == ["2024-2027", "2020-2023"]
    with django_assert_num_queries(1):
        assert plans.public_plans("2024-2027")[0].name == "Siguiente"


def test_the_demo_plan_keeps_its_address(db):
    from rinde.demo import itagui

    itagui.load()
    plan = Plan.objects.get(is_demo_data=True)
    assert (plan.slug, plan.is_current, plan.reporting_frequency) == (
        "2020-2023",
        True,
        ReportingFrequency.MONTHLY,
    )
    assert plan.reports.filter(period=date(2023, 12, 1)).exists()
